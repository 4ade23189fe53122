import { useDraggable } from '@dnd-kit/core';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldType } from '../../../api/schema';
import { paletteGroups } from '../../../forms/fieldKinds';

export const paletteId = (type: string) => `palette:${type}`;

function PaletteItem({ type, onAdd }: { type: FieldType; onAdd: (type: FieldType) => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: paletteId(type.name), data: { type } });
  return (
    <Button
      ref={setNodeRef}
      size="small"
      style={{ margin: 3, opacity: isDragging ? 0.5 : 1, touchAction: 'none' }}
      // A click adds the field at the end: the keyboard and phone alternative to dragging.
      onClick={() => onAdd(type)}
      data-testid={`palette-${type.name}`}
      {...attributes}
      {...listeners}
    >
      {type.label}
    </Button>
  );
}

/** The field types grouped by category; drag one onto the canvas, or click it to add it at the end. */
export default function Palette({ types, onAdd }: { types: FieldType[]; onAdd: (type: FieldType) => void }) {
  const { t } = useTranslation('forms');
  return (
    <div data-testid="palette">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('designer.paletteHint')}
      </Typography.Paragraph>
      {paletteGroups(types).map((group) => (
        <div key={group.category} style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t(`category.${group.category}` as 'category.basic', { defaultValue: group.category })}</Typography.Text>
          <div>
            {group.types.map((type) => (
              <PaletteItem key={type.name} type={type} onAdd={onAdd} />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
