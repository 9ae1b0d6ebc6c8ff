/**
 * Scores a whole cluster-year at once: every leaf for every member (relative-to-leader leaves
 * compare the members with each other), group scores, totals, targets met and ratings.
 */
import { scoreLeaf } from './leaf-score.js';
import { Rational } from './rational.js';
import { finalRating, rateTotal } from './rating.js';
import { childrenByParent, leafCriteria, tableMaximum } from './scoring-table.js';
import type { ClusterYearInput, CriterionInput, LeafScore, MemberInput, UnitScore } from './types.js';

/** The target a member has for a target leaf: its signed value, else the leaf's default, else none. */
export function memberTarget(member: MemberInput, criterion: CriterionInput): number | null {
  if (criterion.kind !== 'target') return null;
  return member.targets.get(criterion.code) ?? criterion.defaultTarget ?? null;
}

/** One score per member, in member order. Units that left are scored but get no rating. */
export function computeClusterYear(input: ClusterYearInput): UnitScore[] {
  const { criteria, ruleSet, members } = input;
  const leaves = leafCriteria(criteria);
  const scoresByLeaf = leaves.map((criterion) =>
    scoreLeaf(
      criterion,
      members.map((member) => ({
        target: memberTarget(member, criterion),
        result: member.results.get(criterion.code) ?? null,
        active: member.active,
      })),
    ),
  );
  const maxTotal = ruleSet.maxTotal === null ? tableMaximum(criteria) : Rational.fromNumber(ruleSet.maxTotal);
  const children = childrenByParent(criteria);
  const groups = criteria.filter((criterion) => criterion.kind === null);

  return members.map((member, memberIndex): UnitScore => {
    const unitLeaves = scoresByLeaf
      .map((scores): LeafScore | undefined => scores[memberIndex])
      .filter((leaf) => leaf !== undefined);
    const leafByCode = new Map(unitLeaves.map((leaf) => [leaf.code, leaf] as const));
    const finals = (kinds: readonly string[]): Rational =>
      Rational.sum(unitLeaves.filter((leaf) => kinds.includes(leaf.kind)).map((leaf) => leaf.final));

    const groupScores = new Map<string, Rational>();
    const groupScore = (code: string, visiting: Set<string>): Rational => {
      const known = groupScores.get(code);
      if (known !== undefined) return known;
      if (visiting.has(code)) return Rational.ZERO; // a cycle: the table is invalid, validateScoringTable says so
      visiting.add(code);
      const contributions = (children.get(code) ?? []).map((child) => {
        if (child.kind === null) return groupScore(child.code, visiting);
        const final = leafByCode.get(child.code)?.final ?? Rational.ZERO;
        return child.kind === 'penalty' ? final.neg() : final;
      });
      visiting.delete(code);
      const score = Rational.sum(contributions);
      groupScores.set(code, score);
      return score;
    };
    for (const group of groups) groupScore(group.code, new Set());

    const base = finals(['target', 'graded']);
    const bonus = finals(['bonus']);
    const penalty = finals(['penalty']);
    const total = Rational.max(Rational.ZERO, base.add(bonus).sub(penalty));
    const signed = unitLeaves.filter((leaf) => leaf.kind === 'target' && leaf.target !== null);
    const vetoed = member.veto !== null;
    let computedRating: UnitScore['computedRating'] = null;
    let rating: UnitScore['rating'] = null;
    let overridden = false;
    if (member.active) {
      computedRating = rateTotal(total, maxTotal, ruleSet.thresholds);
      ({ rating, overridden } = finalRating(computedRating, vetoed, ruleSet.vetoCap, member.ratingOverride));
    }
    return {
      unitId: member.unitId,
      name: member.name,
      active: member.active,
      leaves: unitLeaves,
      groups: new Map(groups.map((group) => [group.code, groupScores.get(group.code) ?? Rational.ZERO] as const)),
      base,
      bonus,
      penalty,
      total,
      targetsMet: signed.filter((leaf) => leaf.met === true).length,
      targetsSigned: signed.length,
      leavesEntered: unitLeaves.filter(
        (leaf) => leaf.actual !== null || leaf.selfScore !== null || leaf.reviewedScore !== null,
      ).length,
      computedRating,
      rating,
      vetoed,
      overridden,
    };
  });
}
