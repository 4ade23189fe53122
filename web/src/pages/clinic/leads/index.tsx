// /leads: the lead pipeline board. One column per stage; drag a card to another column (dnd-kit) or use
// its "移到…" menu (keyboard, phones) → PATCH /data/lead/{id} {"stage","version"}. Moving to 已流失 asks
// for the reason first; "转为客户" finds or creates the customer (POST /leads/{id}/convert) and opens her.
import { useCallback, useEffect, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { DndContext, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent } from '@dnd-kit/core';
import { Alert, App, Badge, Button, Card, Dropdown, Input, Modal, Select, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasPermission } from '../../../access';
import { isApiError } from '../../../api/client';
import * as clinic from '../../../api/clinic';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { canConvert, groupByStage, isStage, planMove, replaceLead, stages } from './stages';
import type { Stage } from './stages';
import { staffName, useStaff } from '../shared/useStaff';

const lostReasons = ['price', 'competitor', 'no_need', 'unreachable', 'other'] as const;
const intentColor: Record<string, string> = { high: 'red', medium: 'orange', low: 'default' };

function LeadCard({ lead, owner, onMove, onConvert, canEdit, canConvertLead }: {
  lead: RecordRow;
  owner: string;
  onMove: (to: Stage) => void;
  onConvert: () => void;
  canEdit: boolean;
  canConvertLead: boolean;
}) {
  const { t } = useTranslation('clinic');
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: lead.id, disabled: !canEdit });
  const style = {
    transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined,
    opacity: isDragging ? 0.6 : 1,
    marginBottom: 8,
    cursor: canEdit ? 'grab' : 'default',
    touchAction: 'none' as const,
  };
  return (
    <Card size="small" ref={setNodeRef} style={style} data-testid={`lead-${lead.id}`} {...attributes} {...listeners}>
      <Space direction="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>{String(lead.name ?? `#${lead.id}`)}</Typography.Text>
          {typeof lead.intent === 'string' && <Tag color={intentColor[lead.intent]}>{t(`leads.intent.${lead.intent as 'high'}`, { defaultValue: lead.intent })}</Tag>}
        </Space>
        {typeof lead.phone === 'string' && <Typography.Text type="secondary">{lead.phone}</Typography.Text>}
        {typeof lead.interest === 'string' && lead.interest && <Typography.Text>{lead.interest}</Typography.Text>}
        {owner && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('leads.owner', { name: owner })}</Typography.Text>}
        <Space wrap onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          {canEdit && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: stages.filter((s) => s !== lead.stage).map((s) => ({ key: s, label: <span data-testid={`lead-${lead.id}-to-${s}`}>{t(`leads.stage.${s}`)}</span> })),
                onClick: ({ key }) => isStage(key) && onMove(key),
              }}
            >
              <Button size="small" data-testid={`lead-${lead.id}-move`}>
                {t('leads.moveTo')}
              </Button>
            </Dropdown>
          )}
          {canConvertLead && canConvert(lead) && (
            <Button size="small" type="link" onClick={onConvert} data-testid={`lead-${lead.id}-convert`}>
              {t('leads.convert')}
            </Button>
          )}
          {!canConvert(lead) && <Tag color="green">{t('leads.converted')}</Tag>}
        </Space>
      </Space>
    </Card>
  );
}

function Column({ stage, count, children }: { stage: Stage; count: number; children: React.ReactNode }) {
  const { t } = useTranslation('clinic');
  const { setNodeRef, isOver } = useDroppable({ id: stage });
  return (
    <div
      ref={setNodeRef}
      data-testid={`stage-${stage}`}
      style={{ flex: '0 0 240px', background: isOver ? '#e6f4ff' : '#fafafa', borderRadius: 8, padding: 8, minHeight: 320 }}
    >
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t(`leads.stage.${stage}`)}</Typography.Text>
        <Badge count={count} showZero color="#bfbfbf" />
      </Space>
      {children}
    </div>
  );
}

export default function LeadsPage() {
  const { t } = useTranslation(['clinic', 'common']);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { user } = useAuth();
  const { staff } = useStaff();
  const [leads, setLeads] = useState<RecordRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [losing, setLosing] = useState<{ lead: RecordRow; reason: string | null } | null>(null);
  const permissions = user?.permissions ?? [];
  const canEdit = hasPermission(permissions, 'data.lead.update');
  const canConvertLead = canEdit && hasPermission(permissions, 'data.customer.create');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const load = useCallback(async () => {
    setError(null);
    try {
      const page = await records.listRecords('lead', { sort: '-updated_at', limit: 500, q: search || undefined });
      setLeads(page.items);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [search]);
  useEffect(() => {
    void load();
  }, [load]);

  const send = async (lead: RecordRow, to: Stage, reason?: string | null) => {
    const plan = planMove(lead, to, reason);
    if (plan.kind === 'none') return;
    if (plan.kind === 'needReason') {
      setLosing({ lead, reason: null });
      return;
    }
    // Optimistic: the card moves at once and goes back if the server refuses.
    setLeads((all) => (all ? replaceLead(all, { ...lead, stage: to }) : all));
    try {
      const saved = await records.updateRecord('lead', lead.id, plan.body);
      setLeads((all) => (all ? replaceLead(all, saved) : all));
      void message.success(t('clinic:leads.moved', { name: String(lead.name ?? ''), stage: t(`clinic:leads.stage.${to}`) }));
    } catch (e) {
      setLeads((all) => (all ? replaceLead(all, lead) : all));
      if (isApiError(e) && e.code === 'record.version_conflict') {
        void message.warning(t('clinic:leads.conflict'));
        void load();
      } else void message.error(errorMessage(e));
    }
  };

  const onDragEnd = (event: DragEndEvent) => {
    const lead = leads?.find((l) => l.id === event.active.id);
    const to = event.over?.id;
    if (lead && isStage(to)) void send(lead, to);
  };

  const convert = (lead: RecordRow) => {
    modal.confirm({
      title: t('clinic:leads.convertTitle', { name: String(lead.name ?? '') }),
      content: t('clinic:leads.convertBody'),
      okText: t('clinic:leads.convert'),
      cancelText: t('common:action.cancel'),
      onOk: async () => {
        try {
          const reply = await clinic.convertLead(lead.id);
          setLeads((all) => (all ? replaceLead(all, reply.lead) : all));
          void message.success(t(reply.created ? 'clinic:leads.convertedNew' : 'clinic:leads.convertedExisting'));
          navigate(`/customers/${reply.customer_id}`);
        } catch (e) {
          void message.error(errorMessage(e));
          if (isApiError(e) && e.code === 'lead.already_converted') void load();
        }
      },
    });
  };

  const columns = leads ? groupByStage(leads) : null;
  return (
    <Card
      title={t('clinic:leads.title')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('clinic:leads.search')} onSearch={setSearch} style={{ width: 220 }} data-testid="lead-search" />
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.reload')} />
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {!columns && !error && <Spin />}
      {columns && (
        <DndContext sensors={sensors} onDragEnd={onDragEnd}>
          <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8 }} data-testid="lead-board">
            {stages.map((stage) => (
              <Column key={stage} stage={stage} count={columns[stage].length}>
                {columns[stage].map((lead) => (
                  <LeadCard
                    key={lead.id}
                    lead={lead}
                    owner={staffName(staff, lead.owner)}
                    canEdit={canEdit}
                    canConvertLead={canConvertLead}
                    onMove={(to) => void send(lead, to)}
                    onConvert={() => convert(lead)}
                  />
                ))}
              </Column>
            ))}
          </div>
        </DndContext>
      )}
      <Modal
        open={losing !== null}
        title={t('clinic:leads.lostTitle', { name: String(losing?.lead.name ?? '') })}
        okText={t('clinic:leads.markLost')}
        cancelText={t('common:action.cancel')}
        okButtonProps={{ disabled: !losing?.reason, danger: true }}
        onCancel={() => setLosing(null)}
        onOk={() => {
          if (!losing?.reason) return;
          const { lead, reason } = losing;
          setLosing(null);
          void send(lead, 'lost', reason);
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('clinic:leads.lostAsk')}</Typography.Paragraph>
        <Select<string>
          style={{ width: '100%' }}
          value={losing?.reason ?? undefined}
          onChange={(reason) => setLosing((l) => (l ? { ...l, reason } : l))}
          options={lostReasons.map((r) => ({ value: r, label: t(`clinic:leads.lostReason.${r}`) }))}
          placeholder={t('clinic:leads.lostPick')}
          data-testid="lost-reason"
        />
      </Modal>
    </Card>
  );
}
