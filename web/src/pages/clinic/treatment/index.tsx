// /treatments/new (治疗登记): the customer, the service, the card it is deducted from (her active cards with
// sessions of that service, fullest first; or none), who performed it, the customer's signature (required
// when deducting), before/after photos, consumables, reaction and note → POST /treatments with an
// Idempotency-Key. The answer shows the sessions left on the card.
import { useEffect, useMemo, useRef, useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Result, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import * as clinic from '../../../api/clinic';
import type { ClinicCard, TreatmentReply } from '../../../api/clinic';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import AttachmentInput from '../../../forms/components/AttachmentInput';
import SignaturePad from '../../../forms/components/SignaturePad';
import { cardsForService, sessionsFor } from '../customer/cards';
import CustomerSelect from '../shared/CustomerSelect';
import { attemptFor } from '../shared/idempotency';
import type { Attempt } from '../shared/idempotency';
import { cardKindLabel } from '../shared/labels';
import StaffSelect from '../shared/StaffSelect';
import { useItems } from '../shared/useItems';
import { useStaff } from '../shared/useStaff';
import { treatmentBody, treatmentProblems } from './body';
import type { TreatmentValues } from './body';

const imageField = (name: string) => ({ name, type: 'image', options: { max_count: 9 } });

export default function TreatmentPage() {
  const { t } = useTranslation(['clinic', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const [form] = Form.useForm<TreatmentValues>();
  const services = useItems('service');
  const { staff } = useStaff();
  const [customer, setCustomer] = useState<RecordRow | null>(null);
  const [cards, setCards] = useState<ClinicCard[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  // The answer and the service it was for (the form is gone once it is shown).
  const [done, setDone] = useState<(TreatmentReply & { service_id: number }) | null>(null);
  const attempt = useRef<Attempt | null>(null);
  const serviceId = Form.useWatch('service_id', form);
  const cardId = Form.useWatch('card_id', form);

  const loadCards = (customerId: number) => clinic.customerCards(customerId).then((r) => setCards(r.items), () => setCards([]));
  const pickCustomer = (row: RecordRow | null) => {
    setCustomer(row);
    setCards([]);
    form.setFieldsValue({ customer_id: row?.id ?? null, card_id: null });
    if (row) void loadCards(row.id);
  };
  const preset = Number(params.get('customer'));
  useEffect(() => {
    if (Number.isInteger(preset) && preset > 0) records.getRecord('customer', preset).then(pickCustomer, () => undefined);
  }, [preset]);

  // The signed-in nurse or practitioner fills their own place by default.
  const me = staff.find((s) => s.userId === user?.id);
  useEffect(() => {
    if (!me) return;
    if (me.position === 'nurse' && !form.getFieldValue('nurse_id')) form.setFieldsValue({ nurse_id: me.userId });
    if ((me.position === 'doctor' || me.position === 'technician') && !form.getFieldValue('practitioner_id')) form.setFieldsValue({ practitioner_id: me.userId });
  }, [me, form]);

  const usable = useMemo(() => (serviceId ? cardsForService(cards, serviceId) : []), [cards, serviceId]);
  // A new service (or new cards) proposes the fullest card that has sessions of it.
  useEffect(() => {
    form.setFieldsValue({ card_id: usable[0]?.id ?? null });
  }, [usable, form]);

  const submit = async () => {
    const values = form.getFieldsValue(true) as TreatmentValues;
    const found = treatmentProblems(values);
    setProblems(found.map((p) => t(`clinic:treatment.problem.${p}`)));
    if (found.length > 0 || !values.customer_id || !values.service_id) return;
    const body = treatmentBody({ ...values, customer_id: values.customer_id, service_id: values.service_id });
    attempt.current = attemptFor(attempt.current, body);
    setSending(true);
    try {
      const reply = await clinic.createTreatment(body, attempt.current.key);
      attempt.current = null;
      setDone({ ...reply, service_id: values.service_id });
    } catch (e) {
      if (!(isApiError(e) && e.status === 0)) attempt.current = null;
      void message.error(errorMessage(e));
      if (isApiError(e) && e.code.startsWith('card.') && values.customer_id) void loadCards(values.customer_id);
    } finally {
      setSending(false);
    }
  };

  if (done) {
    const left = done.card ? sessionsFor(done.card, done.service_id) : null;
    const again = () => {
      setDone(null);
      form.resetFields();
      pickCustomer(customer);
    };
    return (
      <Card>
        <Result
          status="success"
          title={t('clinic:treatment.saved')}
          subTitle={
            done.card ? (
              <span data-testid="sessions-left">{left === 'unlimited' ? t('clinic:treatment.leftUnlimited', { card: done.card.card_no }) : t('clinic:treatment.left', { card: done.card.card_no, count: left ?? 0 })}</span>
            ) : (
              t('clinic:treatment.noCard')
            )
          }
          extra={[
            <Button key="customer" type="primary" onClick={() => navigate(`/customers/${customer?.id ?? ''}`)} data-testid="treatment-to-customer">
              {t('clinic:treatment.toCustomer')}
            </Button>,
            <Button key="again" onClick={again}>
              {t('clinic:treatment.another')}
            </Button>,
          ]}
        />
      </Card>
    );
  }

  return (
    <Card title={t('clinic:treatment.title')} data-testid="treatment-form">
      <Form<TreatmentValues> form={form} layout="vertical" initialValues={{ sessions: 1, consumables: [] }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.customer')} required>
              <CustomerSelect value={customer?.id ?? null} onChange={pickCustomer} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.service')} name="service_id" required>
              <Select<number>
                showSearch
                optionFilterProp="label"
                options={services.items.map((s) => ({ value: s.id, label: s.name }))}
                placeholder={t('clinic:treatment.pickService')}
                data-testid="treatment-service"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.card')} name="card_id" extra={serviceId && usable.length === 0 ? t('clinic:treatment.noUsableCard') : undefined}>
              <Select<number | null>
                allowClear
                options={[
                  ...usable.map((c) => {
                    const n = serviceId ? sessionsFor(c, serviceId) : null;
                    return { value: c.id, label: t('clinic:treatment.cardOption', { no: c.card_no, kind: cardKindLabel(t, c.kind), left: n === 'unlimited' ? t('clinic:card.unlimited') : String(n ?? 0) }) };
                  }),
                ]}
                placeholder={t('clinic:treatment.noDeduct')}
                data-testid="treatment-card"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.sessions')} name="sessions">
              <InputNumber min={1} max={50} precision={0} disabled={!cardId} style={{ width: 120 }} data-testid="treatment-sessions" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.practitioner')} name="practitioner_id">
              <StaffSelect prefer={['doctor', 'technician']} testId="treatment-practitioner" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.nurse')} name="nurse_id">
              <StaffSelect prefer={['nurse']} testId="treatment-nurse" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('clinic:treatment.signature')} name="signature" required={!!cardId} extra={cardId ? t('clinic:treatment.signatureHelp') : undefined}>
          <SignaturePad field={{ name: 'signature', label: t('clinic:treatment.signature') }} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.before')} name="before_photos">
              <AttachmentInput field={imageField('before_photos')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.after')} name="after_photos">
              <AttachmentInput field={imageField('after_photos')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('clinic:treatment.consumables')}>
          <Form.List name="consumables">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} wrap style={{ marginBottom: 8 }}>
                    <Form.Item name={[row.name, 'name']} noStyle>
                      <Input placeholder={t('clinic:treatment.consumableName')} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'lot_no']} noStyle>
                      <Input placeholder={t('clinic:treatment.lotNo')} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'quantity']} noStyle initialValue={1}>
                      <InputNumber min={0.01} max={9999} placeholder={t('clinic:treatment.quantity')} style={{ width: 100 }} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('clinic:treatment.removeConsumable')} onClick={() => remove(row.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} data-testid="consumable-add">
                  {t('clinic:treatment.addConsumable')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.reaction')} name="reaction">
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} placeholder={t('clinic:treatment.reactionHint')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('clinic:treatment.note')} name="note">
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
            </Form.Item>
          </Col>
        </Row>
        {problems.length > 0 && <Alert type="error" showIcon message={problems.join('；')} style={{ marginBottom: 12 }} data-testid="treatment-problems" />}
        <Button type="primary" size="large" loading={sending} onClick={() => void submit()} data-testid="treatment-submit">
          {cardId ? t('clinic:treatment.submitDeduct') : t('clinic:treatment.submit')}
        </Button>
      </Form>
    </Card>
  );
}
