// 那么…: the actions, in order, each in its own card with its problem; added from a menu of types.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Action, ActionType } from '../../../api/rules';
import type { Entity } from '../../../api/schema';
import { newAction, newActionKey } from '../draft';
import Block, { ProblemAlert } from './Block';
import { CreateRecordAction, TagAction, UpdateFieldAction, WebhookAction } from './DataActions';
import MessageActionEditor from './MessageAction';
import TaskActionEditor from './TaskAction';
import type { RuleDesigner } from './useRuleDesigner';

const actionTypes: ActionType[] = ['create_task', 'send_message', 'add_tag', 'remove_tag', 'update_field', 'create_record', 'webhook'];

function ActionEditor({ action, index, d, entities, onChange }: { action: Action; index: number; d: RuleDesigner; entities: readonly Entity[]; onChange: (a: Action) => void }) {
  const common = { entity: d.entity, entities, targets: d.targets, onChange };
  switch (action.type) {
    case 'create_task':
      return <TaskActionEditor action={action} index={index} d={d} onChange={onChange} />;
    case 'send_message':
      return <MessageActionEditor action={action} index={index} d={d} onChange={onChange} />;
    case 'add_tag':
    case 'remove_tag':
      return <TagAction action={action} {...common} />;
    case 'update_field':
      return <UpdateFieldAction action={action} {...common} />;
    case 'create_record':
      return <CreateRecordAction action={action} {...common} />;
    case 'webhook':
      return <WebhookAction action={action} {...common} />;
  }
}

export default function ThenBlock({ d, entities }: { d: RuleDesigner; entities: readonly Entity[] }) {
  const { t } = useTranslation('rules');
  const { actions } = d.draft;
  const replace = (index: number, action: Action) => d.setActions(actions.map((a, i) => (i === index ? { ...a, action } : a)), index);
  const move = (index: number, by: number) => {
    const next = [...actions];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    d.setActions(next);
  };
  const addMenu = {
    items: actionTypes.map((type) => ({ key: type, label: <span data-testid={`add-action-${type}`}>{t(`action.${type}`)}</span> })),
    onClick: ({ key }: { key: string }) => d.setActions([...actions, { key: newActionKey(), action: newAction(key as ActionType, d.entity) }]),
  };
  return (
    <Block title={t('designer.then')} problem={d.problems.actions} testId="block-then">
      {actions.map(({ key, action }, index) => (
        <Card
          key={key}
          size="small"
          type="inner"
          title={`${index + 1}. ${t(`action.${action.type}`)}`}
          style={{ marginBottom: 12, borderColor: d.problems[`action-${index}`] ? '#ff4d4f' : undefined }}
          data-testid={`action-${index}`}
          extra={
            <Space size={0}>
              <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={t('designer.moveUp')} />
              <Button type="text" size="small" icon={<ArrowDownOutlined />} disabled={index === actions.length - 1} onClick={() => move(index, 1)} aria-label={t('designer.moveDown')} />
              <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => d.setActions(actions.filter((a) => a.key !== key))} aria-label={t('designer.removeAction')} />
            </Space>
          }
        >
          <ProblemAlert problem={d.problems[`action-${index}`]} testId={`action-${index}-problem`} />
          <Form layout="vertical" component="div">
            <ActionEditor action={action} index={index} d={d} entities={entities} onChange={(a) => replace(index, a)} />
          </Form>
        </Card>
      ))}
      <Dropdown menu={addMenu} trigger={['click']}>
        <Button icon={<PlusOutlined />} data-testid="add-action">
          {t('designer.addAction')} <DownOutlined />
        </Button>
      </Dropdown>
    </Block>
  );
}
