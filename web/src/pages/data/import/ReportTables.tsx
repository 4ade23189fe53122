import { Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportReport, ImportRowError } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { displayValue } from '../../../forms/display';
import { duplicateTargets, mappableFields } from '../../../forms/importMapping';
import type { Mapping } from '../../../forms/importMapping';

/** Header → field, editable: the server's proposal from the labels, which the person may change. */
export function MappingTable({ entity, report, mapping, onChange }: {
  entity: Entity;
  report: ImportReport;
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}) {
  const { t } = useTranslation('records');
  const fields = mappableFields(entity);
  const twice = duplicateTargets(mapping);
  return (
    <Table
      size="small"
      rowKey="header"
      pagination={false}
      dataSource={report.columns}
      data-testid="import-mapping"
      columns={[
        { title: t('import.header'), dataIndex: 'header', key: 'header' },
        {
          title: t('import.field'),
          key: 'field',
          render: (_: unknown, column: { header: string }) => {
            const value = mapping[column.header] ?? null;
            return (
              <Select<string>
                style={{ width: 200 }}
                value={value ?? ''}
                status={value && twice[value] ? 'error' : undefined}
                onChange={(field) => onChange({ ...mapping, [column.header]: field || null })}
                options={[{ value: '', label: t('import.skip') }, ...fields.map((f) => ({ value: f.name, label: f.label }))]}
                data-testid={`mapping-${column.header}`}
              />
            );
          },
        },
      ]}
    />
  );
}

export function ErrorTable({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation('records');
  return (
    <Table<ImportRowError>
      size="small"
      rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.code}`}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={errors}
      data-testid="import-errors"
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('import.row'), dataIndex: 'row', key: 'row', width: 80 },
        { title: t('import.column'), dataIndex: 'column', key: 'column' },
        { title: t('import.problem'), dataIndex: 'message', key: 'message', render: (m: string, e) => <span title={e.code}>{m}</span> },
      ]}
    />
  );
}

/** The first rows as they would be saved; rows with errors are tagged. */
export function PreviewTable({ entity, report, badRows }: { entity: Entity; report: ImportReport; badRows: Set<number> }) {
  const { t, i18n } = useTranslation('records');
  const ctx = { english: i18n.language === 'en-US', yes: t('value.yes'), no: t('value.no') };
  const used = new Set(report.columns.map((c) => c.field).filter(Boolean));
  const fields = entity.fields.filter((f) => used.has(f.name));
  return (
    <Table<Record<string, unknown>>
      size="small"
      rowKey={(row) => String(row.row ?? row.id ?? JSON.stringify(row))}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      dataSource={report.preview}
      scroll={{ x: 'max-content' }}
      data-testid="import-preview"
      columns={[
        {
          title: t('import.row'),
          key: 'row',
          render: (_: unknown, row) => {
            const n = typeof row.row === 'number' ? row.row : undefined;
            return n !== undefined && badRows.has(n) ? <Tag color="error">{n}</Tag> : <Typography.Text>{n ?? ''}</Typography.Text>;
          },
        },
        ...fields.map((f) => ({ title: f.label, key: f.name, dataIndex: f.name, render: (v: unknown) => displayValue(f, v, ctx) })),
      ]}
    />
  );
}
