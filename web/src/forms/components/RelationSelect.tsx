import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import * as records from '../../api/records';
import type { Entity, Field } from '../../api/schema';
import { recordTitle } from '../display';

interface Props {
  field: Field;
  target: Entity | undefined;
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** The label of the current value, when the page knows it. */
  currentLabel?: string;
  disabled?: boolean;
  id?: string;
}

/** Picks a record of the relation's target entity, searching it by the text typed (the list's q). */
export default function RelationSelect({ field, target, value, onChange, currentLabel, disabled, id }: Props) {
  const { t } = useTranslation('records');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const search = (q: string) => {
    if (!target) return;
    const mine = ++generation.current;
    setLoading(true);
    records.listRecords(target.name, { q, limit: 20 }).then(
      (page) => {
        if (mine !== generation.current) return;
        setOptions(page.items.map((row) => ({ value: row.id, label: recordTitle(target, row, field.options.display_field) })));
        setLoading(false);
      },
      () => mine === generation.current && setLoading(false),
    );
  };

  // The first page loads once the target's definition is known (search only reads the target).
  const targetName = target?.name;
  useEffect(() => {
    if (targetName) search('');
  }, [targetName]);

  const shown =
    value !== null && value !== undefined && !options.some((o) => o.value === value)
      ? [{ value, label: currentLabel ?? `#${value}` }, ...options]
      : options;
  return (
    <Select<number | null>
      id={id}
      showSearch
      allowClear
      disabled={disabled}
      value={value ?? null}
      onChange={(next) => onChange?.(next ?? null)}
      filterOption={false}
      onSearch={search}
      loading={loading}
      options={shown}
      placeholder={t('form.relationPlaceholder', { entity: target?.label ?? field.options.target ?? '' })}
      notFoundContent={loading ? t('form.searching') : t('form.noMatch')}
      data-testid={`relation-${field.name}`}
    />
  );
}
