// The import wizard (/data/:entity/import): upload a .csv/.xlsx file, dry run, review the proposed
// mapping (editable), the per-row errors and a preview, then commit with a progress bar and a summary.
import { useMemo, useState } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Progress, Result, Select, Space, Spin, Statistic, Steps, Upload, Row, Col } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Duplicates } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { duplicateTargets, errorsByRow, importFormat, mappableFields, mappingChanged, mappingFromColumns, unmappedRequired } from '../../../forms/importMapping';
import type { Mapping } from '../../../forms/importMapping';
import { useEntity } from '../../../forms/useCatalog';
import { ErrorTable, MappingTable, PreviewTable } from './ReportTables';
import { useImport } from './useImport';

function ImportWizard({ entity }: { entity: Entity }) {
  const { t } = useTranslation(['records', 'common']);
  const navigate = useNavigate();
  const job = useImport(entity.name);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping | undefined>();
  /** The mapping the last dry run was made with (the server's proposal for the first). */
  const [checkedMapping, setCheckedMapping] = useState<Mapping | undefined>();
  const [key, setKey] = useState<string | undefined>();
  const [duplicates, setDuplicates] = useState<Duplicates>('skip');
  const { report, phase } = job;

  const keyFields = entity.fields.filter((f) => (f.unique || f.sensitive) && mappableFields(entity).includes(f));
  const checkedColumns = report?.columns.map((c) => ({ ...c, field: checkedMapping ? (checkedMapping[c.header] ?? null) : c.field }));
  const changed = checkedColumns && mapping ? mappingChanged(checkedColumns, mapping) : false;
  const twice = mapping ? Object.keys(duplicateTargets(mapping)) : [];
  const missing = mapping ? unmappedRequired(entity, mapping) : [];
  const badRows = useMemo(() => new Set(errorsByRow(report?.errors ?? []).keys()), [report]);
  const canCommit = phase === 'checked' && report !== null && report.error_count === 0 && !changed && twice.length === 0;

  const check = (chosen: File, next?: Mapping) => {
    setCheckedMapping(next);
    void job.dryRun(chosen, next, key, duplicates);
  };
  const startOver = () => {
    setFile(null);
    setMapping(undefined);
    setCheckedMapping(undefined);
    job.reset();
  };
  const stepIndex = phase === 'upload' || phase === 'checking' ? 0 : phase === 'checked' ? 1 : 2;

  // After a dry run, the report's columns seed the editable mapping (once per report of a new file).
  if (report && !mapping && phase === 'checked') setMapping(mappingFromColumns(report.columns));

  return (
    <Card title={t('records:import.title', { entity: entity.label })} extra={<Link to={`/data/${entity.name}`}>{t('records:import.backToList')}</Link>}>
      <Steps
        size="small"
        current={stepIndex}
        style={{ marginBottom: 24 }}
        items={[{ title: t('records:import.stepUpload') }, { title: t('records:import.stepCheck') }, { title: t('records:import.stepCommit') }]}
      />
      {job.error && <Alert type="error" showIcon message={job.error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {stepIndex === 0 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              if (!importFormat(chosen.name)) {
                setFileError(t('records:import.wrongType'));
                return Upload.LIST_IGNORE;
              }
              setFileError(null);
              setFile(chosen);
              setMapping(undefined);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{file ? file.name : t('records:import.drop')}</p>
            <p className="ant-upload-hint">{t('records:import.hint')}</p>
          </Upload.Dragger>
          {fileError && <Alert type="error" showIcon message={fileError} />}
          <Form layout="inline">
            <Form.Item label={t('records:import.key')}>
              <Select allowClear style={{ width: 180 }} value={key} onChange={setKey} placeholder={t('records:import.noKey')} options={keyFields.map((f) => ({ value: f.name, label: f.label }))} />
            </Form.Item>
            {key && (
              <Form.Item label={t('records:import.duplicates')}>
                <Select<Duplicates>
                  style={{ width: 140 }}
                  value={duplicates}
                  onChange={setDuplicates}
                  options={(['skip', 'update', 'fail'] as const).map((d) => ({ value: d, label: t(`records:import.dup_${d}`) }))}
                />
              </Form.Item>
            )}
          </Form>
          <Button type="primary" disabled={!file} loading={phase === 'checking'} onClick={() => file && check(file)} data-testid="import-check">
            {t('records:import.check')}
          </Button>
        </Space>
      )}
      {stepIndex === 1 && report && mapping && file && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Row gutter={16}>
            <Col xs={12} md={6}><Statistic title={t('records:import.totalRows')} value={report.total_rows} /></Col>
            <Col xs={12} md={6}><Statistic title={t('records:import.errorCount')} value={report.error_count} valueStyle={report.error_count ? { color: '#cf1322' } : undefined} /></Col>
          </Row>
          <Card size="small" title={t('records:import.mapping')}>
            <MappingTable entity={entity} report={report} mapping={mapping} onChange={setMapping} />
            {twice.length > 0 && <Alert type="error" showIcon message={t('records:import.mappedTwice')} style={{ marginTop: 8 }} />}
            {missing.length > 0 && <Alert type="warning" showIcon message={t('records:import.requiredUnmapped', { fields: missing.map((n) => entity.fields.find((f) => f.name === n)?.label ?? n).join('、') })} style={{ marginTop: 8 }} />}
            {changed && (
              <Button style={{ marginTop: 8 }} onClick={() => check(file, mapping)} loading={job.phase === 'checking'} data-testid="import-recheck">
                {t('records:import.recheck')}
              </Button>
            )}
          </Card>
          {report.errors.length > 0 && (
            <Card size="small" title={t('records:import.errors', { count: report.error_count })}>
              <ErrorTable errors={report.errors} />
            </Card>
          )}
          <Card size="small" title={t('records:import.preview')}>
            <PreviewTable entity={entity} report={report} badRows={badRows} />
          </Card>
          <Space wrap>
            <Button onClick={startOver}>{t('records:import.another')}</Button>
            <Button type="primary" disabled={!canCommit} onClick={() => void job.commit(file, mapping, key, duplicates)} data-testid="import-commit">
              {t('records:import.commit', { count: report.total_rows })}
            </Button>
          </Space>
          {report.error_count > 0 && <Alert type="info" showIcon message={t('records:import.fixFirst')} />}
        </Space>
      )}
      {phase === 'committing' && (
        <div data-testid="import-progress">
          <Progress percent={report?.progress?.total ? Math.floor((100 * report.progress.done) / report.progress.total) : 0} status="active" />
          <p>{t('records:import.committing')}</p>
        </div>
      )}
      {phase === 'done' && report && (
        <div data-testid="import-done">
        <Result
          status="success"
          title={t('records:import.done')}
          subTitle={t('records:import.summary', { created: report.created, updated: report.updated, skipped: report.skipped })}
          extra={[
            <Button key="list" type="primary" onClick={() => navigate(`/data/${entity.name}`)}>{t('records:import.backToList')}</Button>,
            <Button key="again" onClick={startOver}>{t('records:import.another')}</Button>,
          ]}
        />
        </div>
      )}
    </Card>
  );
}

export default function ImportPage() {
  const { entity: name } = useParams();
  const { t } = useTranslation('records');
  const entity = useEntity(name);
  if (entity.loading && !entity.data) return <Spin />;
  if (!entity.data) return <Result status="error" title={t('entityMissing')} subTitle={entity.error} />;
  return <ImportWizard key={entity.data.name} entity={entity.data} />;
}
