// The form's compound indexes (entity option "indexes"): each an ordered list of 2 or 3 fields picked from
// the fields an index helps, at most 8, checked as the server checks them and saved when the form is
// published. Removing an index the server already has asks first, since publishing drops it.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Popconfirm, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isIndexable, maxCompoundIndexes, maxIndexFields, minIndexFields } from '../../../forms/compoundIndexes';
import type { DraftIndex, IndexProblem, IndexProblems, IndexableField } from '../../../forms/compoundIndexes';

interface Props {
  indexes: DraftIndex[];
  /** The fields an index may name: the canvas's and the retired ones. */
  fields: IndexableField[];
  problems: IndexProblems;
  /** The server's refusal (422 schema.invalid_options naming "indexes"). */
  serverError: string | null;
  onAdd: () => void;
  onChange: (key: string, fields: string[]) => void;
  onRemove: (key: string) => void;
}

interface RowProps {
  index: DraftIndex;
  position: number;
  problem: IndexProblem | null;
  /** The fields offered in the pickers. */
  offered: IndexableField[];
  labelOf: (name: string) => string;
  onChange: (fields: string[]) => void;
  onRemove: () => void;
}

/** One index: a picker per place, filled in order (clearing one moves the later ones up). */
function IndexRow({ index, position, problem, offered, labelOf, onChange, onRemove }: RowProps) {
  const { t } = useTranslation(['forms', 'common']);
  // A list just added, with nothing chosen yet, is a prompt rather than an error.
  const fresh = index.fields.length === 0;
  const setSlot = (slot: number, name: string | undefined) => {
    const next = [...index.fields];
    if (name === undefined) next.splice(slot, 1);
    else next[slot] = name;
    onChange(next);
  };
  const faulty = (slot: number) =>
    problem !== null && !fresh && (problem.field === index.fields[slot] || (problem.code === 'fieldCount' && slot === index.fields.length));
  const removeButton = (
    <Button
      size="small"
      type="text"
      danger
      icon={<DeleteOutlined />}
      aria-label={t('forms:indexes.remove')}
      onClick={index.published ? undefined : onRemove}
      data-testid={`index-${position}-remove`}
    />
  );
  return (
    <div style={{ marginBottom: 8 }} data-testid={`index-${position}`}>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
        <Typography.Text type="secondary">{position + 1}.</Typography.Text>
        {Array.from({ length: maxIndexFields }, (_, slot) => {
          const value = index.fields[slot];
          const others = index.fields.filter((_, at) => at !== slot);
          const options = offered.filter((f) => !others.includes(f.name)).map((f) => ({ value: f.name, label: f.label || f.name }));
          // A retired or unknown field the index already names still shows, by its label where known.
          if (value !== undefined && !options.some((o) => o.value === value)) options.unshift({ value, label: labelOf(value) });
          return (
            <Select
              key={slot}
              size="small"
              showSearch
              allowClear
              optionFilterProp="label"
              style={{ width: 150 }}
              value={value}
              disabled={slot > index.fields.length}
              placeholder={t(slot < minIndexFields ? 'forms:indexes.field' : 'forms:indexes.optionalField', { n: slot + 1 })}
              options={options}
              onChange={(name?: string) => setSlot(slot, name)}
              status={faulty(slot) ? 'error' : undefined}
              data-testid={`index-${position}-field-${slot}`}
            />
          );
        })}
        {index.published ? (
          <Popconfirm
            title={t('forms:indexes.removeTitle')}
            description={t('forms:indexes.removeBody')}
            okText={t('forms:indexes.removeOk')}
            okButtonProps={{ danger: true, 'data-testid': `index-${position}-remove-confirm` }}
            cancelText={t('common:action.cancel')}
            onConfirm={onRemove}
          >
            {removeButton}
          </Popconfirm>
        ) : (
          removeButton
        )}
      </div>
      {problem ? (
        <Typography.Text type={fresh ? 'secondary' : 'danger'} style={{ display: 'block' }} data-testid={`index-${position}-problem`}>
          {t(`forms:indexProblem.${problem.code}` as 'forms:indexProblem.fieldCount', {
            field: problem.field === undefined ? '' : labelOf(problem.field),
            same: problem.same,
            min: minIndexFields,
            max: maxIndexFields,
          })}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {t('forms:indexes.serves', {
            filter: index.fields.slice(0, -1).map(labelOf).join('、'),
            sort: labelOf(index.fields[index.fields.length - 1]),
          })}
        </Typography.Text>
      )}
    </div>
  );
}

export default function CompoundIndexEditor({ indexes, fields, problems, serverError, onAdd, onChange, onRemove }: Props) {
  const { t } = useTranslation('forms');
  const byName = new Map(fields.map((f) => [f.name, f]));
  const labelOf = (name: string) => {
    const field = byName.get(name);
    if (!field) return name;
    return field.retired ? t('indexes.retired', { label: field.label }) : field.label || name;
  };
  const offered = fields.filter((f) => !f.retired && isIndexable(f));
  const full = indexes.length >= maxCompoundIndexes;

  return (
    <Form layout="vertical" size="small" component="div">
      <Form.Item label={t('indexes.title')} extra={t('indexes.help')} style={{ marginBottom: 0 }} data-testid="compound-indexes">
        {serverError && <Alert type="error" showIcon message={serverError} style={{ marginBottom: 8 }} data-testid="indexes-server-error" />}
        {problems.tooMany && <Alert type="error" showIcon message={t('indexProblem.tooMany', { count: maxCompoundIndexes })} style={{ marginBottom: 8 }} />}
        {indexes.length === 0 && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('indexes.empty')}
          </Typography.Paragraph>
        )}
        {indexes.map((index, position) => (
          <IndexRow
            key={index.key}
            index={index}
            position={position}
            problem={problems.lists[position] ?? null}
            offered={offered}
            labelOf={labelOf}
            onChange={(next) => onChange(index.key, next)}
            onRemove={() => onRemove(index.key)}
          />
        ))}
        <Button size="small" icon={<PlusOutlined />} disabled={full} onClick={onAdd} data-testid="index-add">
          {t('indexes.add')}
        </Button>
        {full && (
          <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
            {t('indexes.limit', { count: maxCompoundIndexes })}
          </Typography.Text>
        )}
      </Form.Item>
    </Form>
  );
}
