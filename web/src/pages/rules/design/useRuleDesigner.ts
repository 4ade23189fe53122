// The designer's state: the draft, the catalog around it (entity, relation targets, variables, roles),
// saving (POST or PUT exactly the contract's JSON) and where each problem — ours or the server's — shows.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { isApiError } from '../../../api/client';
import * as api from '../../../api/rules';
import type { Rule, Trigger, Variable } from '../../../api/rules';
import type { Entity } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import { filterableFields } from '../../../forms/filter';
import { buildRuleInput, errorPlace } from '../draft';
import type { ActionDraft, ConditionDraft, ProblemKey, RuleDraft } from '../draft';

/** A problem shown on a block: a key under rules:problem (ours) or the server's message. */
export interface Problem {
  key?: string;
  message?: string;
}

export function useRuleDesigner(initial: RuleDraft, entities: readonly Entity[]) {
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [problems, setProblems] = useState<Record<ProblemKey, Problem>>({});
  const [saving, setSaving] = useState(false);
  const [variables, setVariables] = useState<Variable[]>([]);
  const entity = entities.find((e) => e.name === draft.entity);
  const targets = useMemo(() => Object.fromEntries(entities.map((e) => [e.name, e])), [entities]);
  const fields = useMemo(() => (entity ? filterableFields(entity, targets) : []), [entity, targets]);

  useEffect(() => {
    if (!draft.entity) return;
    let live = true;
    api.listVariables(draft.entity).then(
      (reply) => live && setVariables(reply.items),
      () => live && setVariables([]),
    );
    return () => {
      live = false;
    };
  }, [draft.entity]);

  const clear = (key: ProblemKey) =>
    setProblems((p) => {
      if (!(key in p) && !('general' in p)) return p;
      const { [key]: _gone, general: _general, ...rest } = p;
      return rest;
    });
  const patch = useCallback((change: Partial<RuleDraft>, place: ProblemKey) => {
    setDraft((d) => ({ ...d, ...change }));
    clear(place);
  }, []);
  const setTrigger = useCallback((trigger: Trigger) => patch({ trigger }, 'trigger'), [patch]);
  const setCondition = useCallback((condition: ConditionDraft) => patch({ condition }, 'condition'), [patch]);
  const setActions = (actions: ActionDraft[], index?: number) => {
    setDraft((d) => ({ ...d, actions }));
    clear(index === undefined ? 'actions' : `action-${index}`);
  };

  /** Saves; resolves with the stored rule, or null when a problem is shown instead. */
  const save = async (): Promise<Rule | null> => {
    const built = buildRuleInput(draft, entity, fields);
    if (!built.input) {
      setProblems(Object.fromEntries(Object.entries(built.problems).map(([k, key]) => [k, { key }])));
      return null;
    }
    setSaving(true);
    try {
      const saved = draft.id === undefined ? await api.createRule(built.input) : await api.updateRule(draft.id, built.input);
      setProblems({});
      setDraft((d) => ({ ...d, id: saved.id, version: saved.version }));
      return saved;
    } catch (caught) {
      const place = isApiError(caught) ? errorPlace(caught.code, caught.details) : 'general';
      setProblems({ [place]: { message: errorMessage(caught) } });
      return null;
    } finally {
      setSaving(false);
    }
  };

  return { draft, patch, setTrigger, setCondition, setActions, problems, save, saving, entity, targets, fields, variables };
}

export type RuleDesigner = ReturnType<typeof useRuleDesigner>;
