import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldType } from '../../../api/schema';
import type { DraftField } from '../../../forms/designer';
import type { ServerFieldError } from './useDesigner';

export const canvasId = 'canvas';

interface ItemProps {
  field: DraftField;
  typeLabel: string;
  selected: boolean;
  problem: boolean;
  serverError?: ServerFieldError;
  onSelect: () => void;
  onRemove: () => void;
}

function CanvasItem({ field, typeLabel, selected, problem, serverError, onSelect, onRemove }: ItemProps) {
  const { t } = useTranslation('forms');
  const { token } = theme.useToken();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: field.key });
  const border = serverError || problem ? token.colorError : selected ? token.colorPrimary : token.colorBorder;
  return (
    <div
      ref={setNodeRef}
      style={{
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        border: `1px solid ${border}`,
        borderRadius: token.borderRadius,
        background: selected ? token.colorPrimaryBg : token.colorBgContainer,
        padding: '8px 12px',
        marginBottom: 8,
        cursor: 'pointer',
      }}
      onClick={onSelect}
      data-testid={`canvas-field-${field.name}`}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
        <Space wrap size={4}>
          <span {...attributes} {...listeners} style={{ cursor: 'grab', touchAction: 'none' }} aria-label={t('designer.dragHandle')}>
            <HolderOutlined />
          </span>
          <Typography.Text strong>{field.label || t('designer.untitled')}</Typography.Text>
          {field.required && <Typography.Text type="danger">*</Typography.Text>}
          <Tag>{typeLabel}</Tag>
          {field.sensitive && <Tag color="gold">{t('designer.sensitiveTag')}</Tag>}
          {!field.published && <Tag color="blue">{t('designer.unpublished')}</Tag>}
        </Space>
        <Button
          size="small"
          type="text"
          icon={<DeleteOutlined />}
          aria-label={t('designer.remove')}
          onClick={(e) => {
            e.stopPropagation();
            onRemove();
          }}
          data-testid={`remove-${field.name}`}
        />
      </Space>
      {serverError && (
        <Typography.Text type="danger" style={{ display: 'block' }} data-testid={`canvas-error-${field.name}`}>
          {serverError.message}
        </Typography.Text>
      )}
    </div>
  );
}

/** The fields of the form in order: a drop target for palette items, sortable by the handle. */
export default function Canvas({ draft, types, selected, problems, serverErrors, onSelect, onRemove }: {
  draft: DraftField[];
  types: FieldType[];
  selected: string | null;
  problems: Record<string, Record<string, string>>;
  serverErrors: Record<string, ServerFieldError>;
  onSelect: (key: string) => void;
  onRemove: (field: DraftField) => void;
}) {
  const { t } = useTranslation('forms');
  const { token } = theme.useToken();
  const { setNodeRef, isOver } = useDroppable({ id: canvasId });
  return (
    <div
      ref={setNodeRef}
      data-testid="canvas"
      style={{
        minHeight: 320,
        padding: 12,
        border: `2px dashed ${isOver ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
      }}
    >
      <SortableContext items={draft.map((f) => f.key)} strategy={verticalListSortingStrategy}>
        {draft.map((field) => (
          <CanvasItem
            key={field.key}
            field={field}
            typeLabel={types.find((type) => type.name === field.type)?.label ?? field.type}
            selected={selected === field.key}
            problem={Boolean(problems[field.key])}
            serverError={serverErrors[field.key]}
            onSelect={() => onSelect(field.key)}
            onRemove={() => onRemove(field)}
          />
        ))}
      </SortableContext>
      {draft.length === 0 && <Empty description={t('designer.emptyCanvas')} />}
    </div>
  );
}
