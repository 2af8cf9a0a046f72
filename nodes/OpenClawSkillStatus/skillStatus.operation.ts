import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { locatorParam, optionsParam } from '../shared/params';
import type { GatewayClient } from '../shared/transport/client';
import { matchesSkill, simplifySkill, type SkillFilters } from './skills';

export async function skillStatus(
	this: IExecuteFunctions,
	client: GatewayClient,
	i: number,
): Promise<IDataObject[]> {
	const agentId = locatorParam(this, 'agent', i);
	const { status } = optionsParam<{ status?: SkillFilters['status'] }>(this, 'filters', i);
	const filters: SkillFilters = {
		status,
		name: locatorParam(this, 'filters.skill', i) || undefined,
	};
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const res = await client.call('skills.status', agentId ? { agentId } : {});
	const skills = ((res.skills ?? []) as IDataObject[]).filter((s) => matchesSkill(s, filters));
	return skills.map((s) =>
		simplify ? { ...simplifySkill(s), agentId: (res.agentId as string) ?? (agentId || null) } : s,
	);
}
