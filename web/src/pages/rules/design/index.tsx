// The rule designer (/automation/rules/new, /automation/rules/:id): a name, then three blocks a store
// manager reads as a sentence — 当…时 (entity and trigger), 如果… (optional condition), 那么… (actions).
// Saving sends exactly the API contract's JSON; problems, ours or the server's, show on their block.
import { useEffect, useState } from 'react';
import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Result, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import * as api from '../../../api/rules';
import type { Rule } from '../../../api/rules';
import type { Entity } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import { filterableFields } from '../../../forms/filter';
import { useEntities, useFieldTypes } from '../../../forms/useCatalog';
import { draftFromRule, newDraft } from '../draft';
import type { RuleDraft } from '../draft';
import { useProblemText } from './Block';
import IfBlock from './IfBlock';
import ThenBlock from './ThenBlock';
import WhenBlock from './WhenBlock';
import { useRuleDesigner } from './useRuleDesigner';

function Designer({ initial, entities }: { initial: RuleDraft; entities: Entity[] }) {
  const { t } = useTranslation(['rules', 'common']);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const types = useFieldTypes();
  const d = useRuleDesigner(initial, entities);
  const problemText = useProblemText();
  const problemCount = Object.keys(d.problems).length;

  const save = async () => {
    const saved = await d.save();
    if (!saved) return;
    void message.success(t('rules:designer.saved'));
    if (saved.hook_url) {
      modal.info({ title: t('rules:designer.hookUrl'), content: <Typography.Text copyable>{`${window.location.origin}${saved.hook_url}`}</Typography.Text> });
    }
    navigate('/automation/rules');
  };

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/automation/rules" aria-label={t('rules:designer.back')}>
            <ArrowLeftOutlined />
          </Link>
          {initial.id === undefined ? t('rules:designer.newTitle') : t('rules:designer.editTitle')}
        </Space>
      }
      extra={
        <Button type="primary" icon={<SaveOutlined />} loading={d.saving} onClick={() => void save()} data-testid="rule-save">
          {t('rules:designer.save')}
        </Button>
      }
      style={{ maxWidth: 960 }}
    >
      {d.problems.general && <Alert type="error" showIcon message={problemText(d.problems.general)} style={{ marginBottom: 16 }} data-testid="rule-error" />}
      {problemCount > 0 && !d.problems.general && <Alert type="warning" showIcon message={t('rules:problem.fix')} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" component="div">
        <Form.Item label={t('rules:designer.name')} required validateStatus={d.problems.name ? 'error' : undefined} help={problemText(d.problems.name)}>
          <Input value={d.draft.name} onChange={(e) => d.patch({ name: e.target.value }, 'name')} placeholder={t('rules:designer.namePlaceholder')} maxLength={100} data-testid="rule-name" style={{ maxWidth: 420 }} />
        </Form.Item>
      </Form>
      <WhenBlock d={d} entities={entities} types={types} />
      <IfBlock key={d.draft.entity} d={d} types={types} />
      <ThenBlock d={d} entities={entities} />
      <Checkbox checked={d.draft.enabled} onChange={(e) => d.patch({ enabled: e.target.checked }, 'general')} data-testid="rule-enabled">
        {t('rules:designer.enabled')}
      </Checkbox>
    </Card>
  );
}

export default function RuleDesignerPage() {
  const { id } = useParams();
  const { t } = useTranslation('rules');
  const entities = useEntities();
  const [rule, setRule] = useState<Rule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editing = id !== undefined && id !== 'new';

  useEffect(() => {
    if (!editing) return;
    api.getRule(Number(id)).then(setRule, (caught: unknown) => setError(errorMessage(caught)));
  }, [editing, id]);

  if (error || entities.error) return <Result status="error" title={t('designer.editTitle')} subTitle={error ?? entities.error} />;
  if (!entities.data || (editing && !rule)) return <Spin />;
  let initial = newDraft();
  if (rule) {
    const entity = entities.data.find((e) => e.name === rule.entity);
    // Every entity is loaded, so conditions on related records' fields read back too.
    initial = draftFromRule(rule, entity ? filterableFields(entity, Object.fromEntries(entities.data.map((e) => [e.name, e]))) : []);
  }
  return <Designer key={rule?.id ?? 'new'} initial={initial} entities={entities.data} />;
}
