// The designer's state: the draft fields on the canvas, the selected one, the entity's compound indexes,
// problems found locally and errors the server gave, and publishing (the plan of designer.ts run call by
// call, stopping at the first error, which is put on the field it concerns, or on the indexes).
import { useCallback, useMemo, useRef, useState } from 'react';
import { arrayMove } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import * as schema from '../../../api/schema';
import type { Entity } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import { draftIndexes, indexProblems, isIndexesError, newDraftIndex } from '../../../forms/compoundIndexes';
import type { DraftIndex, IndexableField } from '../../../forms/compoundIndexes';
import { draftFromEntity, draftProblems, fieldOfError, newDraftField, publishPlan } from '../../../forms/designer';
import type { DraftField, PublishStep } from '../../../forms/designer';

export interface ServerFieldError {
  message: string;
  /** For formula errors: the character the server points at (0-based). */
  position?: number;
  /** For schema.invalid_options: the option at fault (details.option), shown on that property. */
  option?: string;
}

export interface DesignTarget {
  name: string;
  label: string;
  /** The entity as published; null while it is new. */
  published: Entity | null;
}

export function useDesigner(target: DesignTarget) {
  const { t } = useTranslation('forms');
  // The entity as published, which plans start from: target.published, or what the server holds after a
  // publish whose field calls went through but whose indexes were refused.
  const [base, setBase] = useState<Entity | null>(target.published);
  const [draft, setDraft] = useState<DraftField[]>(() => (target.published ? draftFromEntity(target.published) : []));
  const [indexes, setIndexes] = useState<DraftIndex[]>(() => draftIndexes(target.published?.options));
  const [selected, setSelected] = useState<string | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, ServerFieldError>>({});
  const [indexesError, setIndexesError] = useState<string | null>(null);
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState(false);
  const problems = useMemo(() => draftProblems(draft), [draft]);
  // Fields an index may name: those on the canvas, and retired ones (their columns remain).
  const indexFields = useMemo<IndexableField[]>(
    () => [...draft, ...(base?.fields ?? []).filter((f) => f.retired)],
    [draft, base],
  );
  const indexLists = useMemo(() => indexes.map((index) => index.fields), [indexes]);
  const indexesChecked = useMemo(() => indexProblems(indexLists, indexFields), [indexLists, indexFields]);

  // The latest draft, for naming a new field outside a state updater (updaters may run later).
  const current = useRef(draft);
  current.current = draft;

  const insert = useCallback((type: string, label: string, index?: number) => {
    const field = newDraftField(type, label, current.current.map((f) => f.name));
    setDraft((d) => {
      const at = index === undefined || index < 0 ? d.length : index;
      return [...d.slice(0, at), field, ...d.slice(at)];
    });
    setSelected(field.key);
    return field.key;
  }, []);

  const move = useCallback((from: string, to: string) => {
    setDraft((d) => {
      const a = d.findIndex((f) => f.key === from);
      const b = d.findIndex((f) => f.key === to);
      return a < 0 || b < 0 ? d : arrayMove(d, a, b);
    });
  }, []);

  const update = useCallback((key: string, change: Partial<DraftField>) => {
    setDraft((d) => d.map((f) => (f.key === key ? { ...f, ...change } : f)));
    setServerErrors((errors) => {
      const field = Object.keys(errors).find((k) => k === key);
      if (!field) return errors;
      const rest = { ...errors };
      delete rest[field];
      return rest;
    });
  }, []);

  const remove = useCallback((key: string) => {
    setDraft((d) => d.filter((f) => f.key !== key));
    setSelected((s) => (s === key ? null : s));
  }, []);

  const addIndex = useCallback(() => {
    setIndexes((list) => [...list, newDraftIndex()]);
    setIndexesError(null);
  }, []);

  const setIndexFields = useCallback((key: string, fields: string[]) => {
    setIndexes((list) => list.map((index) => (index.key === key ? { ...index, fields } : index)));
    setIndexesError(null);
  }, []);

  const removeIndex = useCallback((key: string) => {
    setIndexes((list) => list.filter((index) => index.key !== key));
    setIndexesError(null);
  }, []);

  const runStep = async (step: PublishStep, entity: string) => {
    switch (step.kind) {
      case 'create':
        return schema.createEntity(step.body);
      case 'add':
        return schema.addField(entity, step.body);
      case 'patch':
        return schema.updateField(entity, step.field, step.body);
      case 'retire':
        return schema.retireField(entity, step.field);
      case 'options': {
        // The field calls before it each moved the version on: send the one they left, so that an options
        // change made meanwhile by someone else is refused (409) rather than overwritten.
        const latest = await schema.getEntity(entity);
        return schema.updateEntity(entity, { ...step.body, version: latest.version });
      }
    }
  };

  // The field calls before the options went through: continue from the entity as the server now holds
  // it, so that publishing again sends the indexes alone (and does not add the new fields twice).
  const takeServerFields = async () => {
    const now = await schema.getEntity(target.name);
    setBase(now);
    setDraft(draftFromEntity(now));
    setSelected(null);
  };

  /** Publishes the draft; resolves with the entity as now published, or null after an error. */
  const publish = useCallback(async (): Promise<Entity | null> => {
    setPublishing(true);
    setServerErrors({});
    setIndexesError(null);
    setGeneralError(null);
    const plan = publishPlan(
      { name: target.name, label: target.label, fields: base?.fields ?? [], options: base?.options, published: base !== null },
      draft,
      indexLists,
    );
    try {
      if (base && plan.length > 0) {
        // Another administrator published this form since it was opened here: publishing the draft would
        // undo their changes without either of them knowing.
        const latest = await schema.getEntity(target.name);
        if (latest.version !== base.version) {
          setGeneralError(t('designer.changedElsewhere'));
          return null;
        }
      }
      for (const step of plan) {
        try {
          await runStep(step, target.name);
        } catch (caught) {
          const details = isApiError(caught) ? caught.details : {};
          const code = isApiError(caught) ? caught.code : '';
          if (isIndexesError(code, details) || step.kind === 'options') {
            if (isIndexesError(code, details)) setIndexesError(errorMessage(caught));
            else setGeneralError(errorMessage(caught));
            if (step.kind === 'options') await takeServerFields();
            return null;
          }
          const name = fieldOfError(code, details, draft, step.kind === 'create' ? undefined : step.field);
          const field = draft.find((f) => f.name === name);
          if (field) {
            const position = typeof details.position === 'number' ? details.position : undefined;
            const option = typeof details.option === 'string' ? details.option : undefined;
            setServerErrors({ [field.key]: { message: errorMessage(caught), position, option } });
            setSelected(field.key);
          } else {
            setGeneralError(errorMessage(caught));
          }
          return null;
        }
      }
      const published = await schema.getEntity(target.name);
      setBase(published);
      setDraft(draftFromEntity(published));
      setIndexes(draftIndexes(published.options));
      setSelected(null);
      return published;
    } catch (caught) {
      setGeneralError(errorMessage(caught));
      return null;
    } finally {
      setPublishing(false);
    }
  }, [base, draft, indexLists, target]);

  return {
    base,
    draft,
    selected,
    setSelected,
    insert,
    move,
    update,
    remove,
    problems,
    serverErrors,
    generalError,
    publishing,
    publish,
    indexes,
    indexFields,
    indexProblems: indexesChecked,
    indexesError,
    addIndex,
    setIndexFields,
    removeIndex,
  };
}
