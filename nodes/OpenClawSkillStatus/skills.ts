import type { IDataObject } from 'n8n-workflow';

import { listOf } from '../shared/transport/protocol';

/** Skill Status's pure parts: filtering and simplifying the rows of `skills.status`. */

export interface SkillFilters {
	onlyEligible?: boolean;
	onlyMissing?: boolean;
	name?: string;
}

export function missingOf(skill: IDataObject): IDataObject {
	const m = (skill.missing ?? {}) as IDataObject;
	return {
		bins: listOf(m.bins),
		anyBins: listOf(m.anyBins),
		env: listOf(m.env),
		config: listOf(m.config),
		os: listOf(m.os),
	};
}

export function hasMissing(skill: IDataObject): boolean {
	return Object.values(missingOf(skill)).some((v) => (v as unknown[]).length > 0);
}

export function matchesSkill(skill: IDataObject, f: SkillFilters): boolean {
	if (f.onlyEligible && skill.eligible !== true) return false;
	if (f.onlyMissing && !hasMissing(skill)) return false;
	if (f.name) {
		const want = f.name.toLowerCase();
		if (
			String(skill.name ?? '').toLowerCase() !== want &&
			String(skill.skillKey ?? '').toLowerCase() !== want
		) {
			return false;
		}
	}
	return true;
}

export function simplifySkill(skill: IDataObject): IDataObject {
	return {
		name: skill.name ?? null,
		description: skill.description ?? null,
		source: skill.source ?? null,
		eligible: skill.eligible === true,
		disabled: skill.disabled === true,
		blockedByAllowlist: skill.blockedByAllowlist === true,
		missing: missingOf(skill),
		install: listOf(skill.install).map((x) => {
			const o = (x ?? {}) as IDataObject;
			return { id: o.id ?? null, kind: o.kind ?? null, label: o.label ?? null };
		}),
	};
}
