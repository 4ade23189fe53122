// 如果…: the optional condition, edited with the list pages' filter builder (the same component and the
// same filter tree). A stored tree the builder cannot show is kept as is and can only be cleared.
import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldType } from '../../../api/schema';
import FilterBuilder from '../../../forms/components/FilterBuilder';
import { emptyFilter } from '../../../forms/filter';
import Block from './Block';
import type { RuleDesigner } from './useRuleDesigner';

export default function IfBlock({ d, types }: { d: RuleDesigner; types: FieldType[] }) {
  const { t } = useTranslation('rules');
  const { condition } = d.draft;
  const [open, setOpen] = useState('group' in condition && condition.group.rules.length > 0);
  let body;
  if ('raw' in condition) {
    body = (
      <div data-testid="condition-raw">
        <Typography.Text type="secondary">{t('designer.complexCondition')}</Typography.Text>
        <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>{JSON.stringify(condition.raw, null, 2)}</pre>
        <Button danger size="small" onClick={() => d.setCondition({ group: emptyFilter })}>
          {t('designer.clearCondition')}
        </Button>
      </div>
    );
  } else if (!open || !d.entity) {
    body = (
      <Space wrap>
        <Typography.Text type="secondary">{t('designer.noCondition')}</Typography.Text>
        <Button icon={<PlusOutlined />} size="small" disabled={!d.entity} onClick={() => setOpen(true)} data-testid="condition-add">
          {t('designer.addCondition')}
        </Button>
      </Space>
    );
  } else {
    body = (
      <>
        <FilterBuilder
          key={d.draft.entity}
          fields={d.fields}
          types={types}
          targets={d.targets}
          value={condition.group}
          onChange={(group) => d.setCondition({ group })}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('designer.conditionHint')}
        </Typography.Paragraph>
      </>
    );
  }
  return (
    <Block title={t('designer.if')} problem={d.problems.condition} testId="block-if">
      {body}
    </Block>
  );
}
