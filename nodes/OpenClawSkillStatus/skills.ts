import type { IDataObject } from 'n8n-workflow';

import { listOf } from '../shared/transport/protocol';

/** Skill Status's pure parts: filtering and simplifying the rows of `skills.status`. */

export interface SkillFilters {
	status?: 'all' | 'eligible' | 'missing';
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
	if (f.status === 'eligible' && skill.eligible !== true) return false;
	if (f.status === 'missing' && !hasMissing(skill)) return false;
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

const MISSING_LABELS: Record<string, string> = {
	bins: 'binaries',
	anyBins: 'one of the binaries',
	env: 'environment variables',
	config: 'config values',
	os: 'operating system',
};

/** One line saying whether the agent can use the skill and, if not, why. */
export function skillSummary(skill: IDataObject): string {
	if (skill.disabled === true) return 'disabled';
	if (skill.blockedByAllowlist === true) return 'blocked by the skills allowlist';
	const missing = Object.entries(missingOf(skill)).filter(([, v]) => (v as unknown[]).length > 0);
	if (missing.length)
		return `missing ${missing
			.map(([k, v]) => `${MISSING_LABELS[k] ?? k}: ${(v as unknown[]).join(', ')}`)
			.join('; ')}`;
	return skill.eligible === true ? 'eligible' : 'not eligible';
}

export function simplifySkill(skill: IDataObject): IDataObject {
	return {
		name: skill.name ?? null,
		description: skill.description ?? null,
		summary: skillSummary(skill),
		source: skill.source ?? null,
		eligible: skill.eligible === true,
		disabled: skill.disabled === true,
		blockedByAllowlist: skill.blockedByAllowlist === true,
		// Only the kinds of requirement that are missing (an eligible skill has none).
		missing: Object.fromEntries(
			Object.entries(missingOf(skill)).filter(([, v]) => (v as unknown[]).length > 0),
		),
		install: listOf(skill.install).map((x) => {
			const o = (x ?? {}) as IDataObject;
			return { id: o.id ?? null, kind: o.kind ?? null, label: o.label ?? null };
		}),
	};
}
