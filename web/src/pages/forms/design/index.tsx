// The form designer (/forms/:entity/design): drag field types from the palette onto the canvas (dnd-kit),
// reorder them, set their properties and the form's compound indexes, preview at desktop and phone width,
// and publish. A new entity (?new=1&label=…) is created by its first publish.
import { useMemo, useState } from 'react';
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core';
import type { DragEndEvent, DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { ArrowLeftOutlined, EyeOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Result, Row, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Entity, FieldType } from '../../../api/schema';
import { indexesAreValid } from '../../../forms/compoundIndexes';
import { fieldsToRetire } from '../../../forms/designer';
import { useEntities, useEntity, useFieldTypes } from '../../../forms/useCatalog';
import Canvas, { canvasId } from './Canvas';
import CompoundIndexEditor from './CompoundIndexEditor';
import FieldProperties from './FieldProperties';
import Palette from './Palette';
import Preview from './Preview';
import { useDesigner } from './useDesigner';
import type { DesignTarget } from './useDesigner';

function Designer({ target, types, onPublished }: { target: DesignTarget; types: FieldType[]; onPublished: (e: Entity) => void }) {
  const { t } = useTranslation(['forms', 'common']);
  const { modal, message } = App.useApp();
  const d = useDesigner(target);
  const entities = useEntities();
  const [previewing, setPreviewing] = useState(false);
  const [dragging, setDragging] = useState<FieldType | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  // Relation targets for the preview: every entity is already loaded for the target picker.
  const targets = useMemo(() => Object.fromEntries((entities.data ?? []).map((e) => [e.name, e])), [entities.data]);
  const selectedField = d.draft.find((f) => f.key === d.selected);
  const problemCount = Object.keys(d.problems).length;
  const indexesValid = indexesAreValid(d.indexProblems);

  const onDragStart = (event: DragStartEvent) => {
    const type = (event.active.data.current as { type?: FieldType } | undefined)?.type;
    setDragging(type ?? null);
  };
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(null);
    const { active, over } = event;
    if (!over) return;
    const type = (active.data.current as { type?: FieldType } | undefined)?.type;
    if (type) {
      const index = over.id === canvasId ? undefined : d.draft.findIndex((f) => f.key === over.id);
      d.insert(type.name, type.label, index);
    } else if (active.id !== over.id && over.id !== canvasId) {
      d.move(String(active.id), String(over.id));
    }
  };

  const doPublish = async () => {
    const published = await d.publish();
    if (published) {
      message.success(t('forms:designer.published'));
      onPublished(published);
    }
  };
  const publish = () => {
    const retiring = d.base ? fieldsToRetire(d.base, d.draft) : [];
    if (retiring.length === 0) {
      void doPublish();
      return;
    }
    modal.confirm({
      title: t('forms:designer.retireTitle'),
      content: t('forms:designer.retireBody', { fields: retiring.map((f) => f.label).join('、') }),
      okText: t('forms:designer.retireOk'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-retire' },
      onOk: doPublish,
    });
  };

  return (
    <Card
      title={
        <Space wrap>
          <Link to="/forms" aria-label={t('forms:designer.back')}>
            <ArrowLeftOutlined />
          </Link>
          {target.label}
          <Tag>{target.name}</Tag>
          {!target.published && <Tag color="blue">{t('forms:designer.new')}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button icon={<EyeOutlined />} onClick={() => setPreviewing(true)} data-testid="open-preview">
            {t('forms:designer.preview')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} onClick={publish} loading={d.publishing} disabled={problemCount > 0 || !indexesValid || d.draft.length === 0} data-testid="publish">
            {t('forms:designer.publish')}
          </Button>
        </Space>
      }
    >
      {d.generalError && <Alert type="error" showIcon message={d.generalError} style={{ marginBottom: 12 }} data-testid="publish-error" />}
      {d.indexesError && <Alert type="error" showIcon message={t('forms:designer.indexesFailed')} style={{ marginBottom: 12 }} data-testid="publish-indexes-error" />}
      {problemCount > 0 && <Alert type="warning" showIcon message={t('forms:designer.problems', { count: problemCount })} style={{ marginBottom: 12 }} />}
      {!indexesValid && <Alert type="warning" showIcon message={t('forms:designer.indexProblems')} style={{ marginBottom: 12 }} />}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={6}>
            <Card size="small" title={t('forms:designer.palette')}>
              <Palette types={types} onAdd={(type) => d.insert(type.name, type.label)} />
            </Card>
          </Col>
          <Col xs={24} md={10}>
            <Card size="small" title={t('forms:designer.canvas')}>
              <Canvas
                draft={d.draft}
                types={types}
                selected={d.selected}
                problems={d.problems}
                serverErrors={d.serverErrors}
                onSelect={d.setSelected}
                onRemove={(field) => d.remove(field.key)}
              />
            </Card>
          </Col>
          <Col xs={24} md={8}>
            <Card size="small" title={t('forms:designer.properties')}>
              <FieldProperties
                key={selectedField?.key}
                field={selectedField}
                draft={d.draft}
                entities={(entities.data ?? []).filter((e) => e.name !== target.name || target.published)}
                types={types}
                problems={selectedField ? (d.problems[selectedField.key] ?? {}) : {}}
                serverError={selectedField ? d.serverErrors[selectedField.key] : undefined}
                onChange={(change) => selectedField && d.update(selectedField.key, change)}
              />
            </Card>
          </Col>
        </Row>
        <DragOverlay>{dragging ? <Button size="small">{dragging.label}</Button> : null}</DragOverlay>
      </DndContext>
      <Card size="small" title={t('forms:designer.settings')} style={{ marginTop: 16 }}>
        <CompoundIndexEditor
          indexes={d.indexes}
          fields={d.indexFields}
          problems={d.indexProblems}
          serverError={d.indexesError}
          onAdd={d.addIndex}
          onChange={d.setIndexFields}
          onRemove={d.removeIndex}
        />
      </Card>
      <Preview open={previewing} draft={d.draft} targets={targets} onClose={() => setPreviewing(false)} />
    </Card>
  );
}

export default function DesignerPage() {
  const { entity: name } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation('forms');
  const types = useFieldTypes();
  const entity = useEntity(name);
  const isNew = params.get('new') === '1';
  if (entity.loading && !entity.data) return <Spin />;
  if (!name) return <Result status="404" />;
  let target: DesignTarget;
  if (entity.data) target = { name, label: entity.data.label, published: entity.data };
  else if (isNew && entity.code === 'schema.entity_not_found') target = { name, label: params.get('label') || name, published: null };
  else return <Result status="error" title={t('designer.loadFailed')} subTitle={entity.error} />;
  return (
    <Designer
      key={`${name}/${target.published?.version ?? 'new'}`}
      target={target}
      types={types}
      onPublished={() => {
        if (isNew) navigate(`/forms/${name}/design`, { replace: true });
        void entity.reload();
      }}
    />
  );
}
