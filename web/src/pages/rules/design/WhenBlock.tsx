// 当…时: the entity the rule is about and what makes it fire.
import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TriggerType } from '../../../api/rules';
import type { Entity, FieldType } from '../../../api/schema';
import { emptyFilter } from '../../../forms/filter';
import { newTrigger } from '../draft';
import Block, { ProblemAlert } from './Block';
import TriggerFields from './TriggerFields';
import type { RuleDesigner } from './useRuleDesigner';

const triggerTypes: TriggerType[] = ['record_created', 'record_updated', 'field_changed', 'date', 'schedule', 'webhook'];

export default function WhenBlock({ d, entities, types }: { d: RuleDesigner; entities: readonly Entity[]; types: FieldType[] }) {
  const { t } = useTranslation('rules');
  const { draft } = d;
  return (
    <Block title={t('designer.when')} problem={d.problems.trigger} testId="block-when">
      <ProblemAlert problem={d.problems.entity} testId="entity-problem" />
      <Form layout="vertical" component="div">
        <Form.Item label={t('designer.entity')} required>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('designer.entityPlaceholder')}
            value={draft.entity || undefined}
            onChange={(name: string) => {
              const entity = entities.find((e) => e.name === name);
              // Fields, condition and actions name fields of the entity: a new entity starts them over.
              d.patch({ entity: name, trigger: newTrigger(draft.trigger.type, entity), condition: { group: emptyFilter } }, 'entity');
            }}
            options={entities.map((e) => ({ value: e.name, label: e.label }))}
            data-testid="rule-entity"
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        <Form.Item label={t('designer.triggerType')} required>
          <Select
            value={draft.trigger.type}
            onChange={(type: TriggerType) => d.setTrigger(newTrigger(type, d.entity))}
            options={triggerTypes.map((type) => ({ value: type, label: t(`trigger.${type}`) }))}
            data-testid="trigger-type"
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        <TriggerFields trigger={draft.trigger} entity={d.entity} targets={d.targets} types={types} onChange={d.setTrigger} />
      </Form>
    </Block>
  );
}
