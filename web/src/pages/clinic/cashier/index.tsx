// /cashier (收银台): pick the customer, add what she buys, any discount or coupon, who the sale counts for
// (her consultant at 100 % unless changed), then take one or more payments until 还需收款 is zero — or
// less, after confirming the arrears. Submitting sends POST /orders with an Idempotency-Key (a new one
// per submission, the same one when the same submission is retried) and shows a printable receipt.
import { useEffect, useMemo, useRef, useState } from 'react';
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Divider, Form, Input, InputNumber, Modal, Row, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import * as clinic from '../../../api/clinic';
import type { ClinicCard, Order, StaffShare } from '../../../api/clinic';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { formatDateTime } from '../../../components/format';
import { storedValueCards } from '../customer/cards';
import CustomerSelect, { customerLabel } from '../shared/CustomerSelect';
import { attemptFor } from '../shared/idempotency';
import type { Attempt } from '../shared/idempotency';
import { fenToYuan, formatFen, yuanToFen } from '../shared/money';
import { useItems } from '../shared/useItems';
import { cartProblems, cartTotals, orderBody, remaining } from './cart';
import type { CartLine, CartState, PaymentRow } from './cart';
import LinesEditor from './LinesEditor';
import PaymentsEditor from './PaymentsEditor';
import Receipt from './Receipt';
import StaffShares from './StaffShares';

interface Saved {
  order: Order;
  customerName: string;
  at: string;
}

export default function CashierPage() {
  const { t, i18n } = useTranslation(['clinic', 'common']);
  const { message, modal } = App.useApp();
  const { user } = useAuth();
  const [params] = useSearchParams();
  const services = useItems('service');
  const products = useItems('product');
  const cardProducts = useItems('card_product');
  const [customer, setCustomer] = useState<RecordRow | null>(null);
  const [cards, setCards] = useState<ClinicCard[]>([]);
  const [lines, setLines] = useState<CartLine[]>([]);
  const [discountFen, setDiscountFen] = useState(0);
  const [coupon, setCoupon] = useState({ code: '', amountFen: 0 });
  const [staff, setStaff] = useState<StaffShare[]>([]);
  const [payments, setPayments] = useState<PaymentRow[]>([]);
  const [contractNo, setContractNo] = useState('');
  const [note, setNote] = useState('');
  const [showProblems, setShowProblems] = useState(false);
  const [sending, setSending] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const attempt = useRef<Attempt | null>(null);

  const pickCustomer = (row: RecordRow | null) => {
    setCustomer(row);
    setCards([]);
    setPayments((ps) => ps.filter((p) => p.method !== 'stored_value'));
    const consultant = typeof row?.consultant === 'number' ? row.consultant : null;
    setStaff(consultant ? [{ user_id: consultant, share_pct: 100 }] : []);
    if (row) clinic.customerCards(row.id).then((reply) => setCards(reply.items), () => setCards([]));
  };

  // /cashier?customer=12 (from the 360 page) starts with her.
  const preset = Number(params.get('customer'));
  useEffect(() => {
    if (Number.isInteger(preset) && preset > 0) records.getRecord('customer', preset).then(pickCustomer, () => undefined);
  }, [preset]);

  const cart: CartState = { customerId: customer?.id ?? null, lines, discountFen, coupon, staff, payments };
  const totals = cartTotals(lines, discountFen, coupon.amountFen);
  const problems = cartProblems(cart);
  const left = remaining(totals.total, payments);
  const svCards = useMemo(() => storedValueCards(cards), [cards]);

  const reset = () => {
    setLines([]);
    setDiscountFen(0);
    setCoupon({ code: '', amountFen: 0 });
    setPayments([]);
    setContractNo('');
    setNote('');
    setShowProblems(false);
    attempt.current = null;
    pickCustomer(customer);
  };

  const send = async () => {
    if (!customer) return;
    const body = orderBody({ ...cart, customerId: customer.id }, { consultantId: typeof customer.consultant === 'number' ? customer.consultant : null, contractNo, note });
    attempt.current = attemptFor(attempt.current, body);
    setSending(true);
    try {
      const order = await clinic.createOrder(body, attempt.current.key);
      attempt.current = null;
      setSaved({ order, customerName: String(customer.name ?? ''), at: formatDateTime(new Date().toISOString(), user?.org.time_zone, i18n.language) });
      void message.success(t('clinic:cashier.saved', { no: order.order_no }));
    } catch (e) {
      // A lost connection keeps the attempt: sending again reuses its key, so the order is made once.
      if (!(isApiError(e) && e.status === 0)) attempt.current = null;
      void message.error(errorMessage(e));
      if (isApiError(e) && e.code.startsWith('card.') && customer) clinic.customerCards(customer.id).then((r) => setCards(r.items), () => undefined);
    } finally {
      setSending(false);
    }
  };

  const submit = () => {
    setShowProblems(true);
    if (problems.length > 0) return;
    if (left > 0) {
      modal.confirm({
        title: t('clinic:cashier.arrearsTitle'),
        content: t('clinic:cashier.arrearsBody', { amount: formatFen(left) }),
        okText: t('clinic:cashier.arrearsOk'),
        cancelText: t('common:action.cancel'),
        onOk: send,
      });
      return;
    }
    void send();
  };

  return (
    <Row gutter={[16, 16]} data-testid="cashier">
      <Col xs={24} xl={15}>
        <Card title={t('clinic:cashier.title')}>
          <Form layout="vertical">
            <Form.Item label={t('clinic:cashier.customer')} required>
              <CustomerSelect value={customer?.id ?? null} onChange={pickCustomer} />
            </Form.Item>
          </Form>
          {customer && (
            <Descriptions size="small" column={2} style={{ marginBottom: 12 }} items={[{ key: 'c', label: t('clinic:cashier.customer'), children: customerLabel(customer) }]} />
          )}
          <LinesEditor lines={lines} onChange={setLines} items={{ service: services.items, product: products.items, card: cardProducts.items }} />
          <Divider />
          <Form layout="vertical">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label={t('clinic:cashier.orderDiscount')}>
                  <InputNumber min={0} precision={2} prefix="¥" value={fenToYuan(discountFen)} onChange={(v) => setDiscountFen(yuanToFen(v) ?? 0)} style={{ width: '100%' }} data-testid="order-discount" />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item label={t('clinic:cashier.couponCode')}>
                  <Input value={coupon.code} onChange={(e) => setCoupon((c) => ({ ...c, code: e.target.value }))} data-testid="coupon-code" />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item label={t('clinic:cashier.couponAmount')}>
                  <InputNumber min={0} precision={2} prefix="¥" value={fenToYuan(coupon.amountFen)} onChange={(v) => setCoupon((c) => ({ ...c, amountFen: yuanToFen(v) ?? 0 }))} style={{ width: '100%' }} data-testid="coupon-amount" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label={t('clinic:cashier.staff')} tooltip={t('clinic:cashier.staffHelp')}>
              <StaffShares value={staff} onChange={setStaff} />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item label={t('clinic:cashier.contractNo')}>
                  <Input value={contractNo} onChange={(e) => setContractNo(e.target.value)} maxLength={64} />
                </Form.Item>
              </Col>
              <Col xs={24} md={16}>
                <Form.Item label={t('clinic:cashier.note')}>
                  <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title={t('clinic:cashier.payTitle')}>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'sub', label: t('clinic:cashier.subtotal'), children: formatFen(totals.subtotal) },
              { key: 'disc', label: t('clinic:cashier.discounts'), children: `-${formatFen(totals.discount + totals.coupon)}` },
              { key: 'total', label: t('clinic:cashier.total'), children: <Typography.Text strong style={{ fontSize: 20 }} data-testid="order-total">{formatFen(totals.total)}</Typography.Text> },
            ]}
          />
          <Divider style={{ margin: '12px 0' }} />
          <PaymentsEditor payments={payments} onChange={setPayments} total={totals.total} cards={svCards} />
          {showProblems && problems.length > 0 && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="cart-problems" message={problems.map((p) => t(`clinic:cashier.problem.${p}`)).join('；')} />
          )}
          <Button type="primary" size="large" block style={{ marginTop: 16 }} loading={sending} onClick={submit} data-testid="order-submit">
            {t('clinic:cashier.submit')}
          </Button>
        </Card>
      </Col>
      <Modal
        open={saved !== null}
        title={t('clinic:cashier.receiptTitle')}
        onCancel={() => {
          setSaved(null);
          reset();
        }}
        footer={
          <Space className="peony-no-print">
            <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="receipt-print">
              {t('clinic:cashier.print')}
            </Button>
            <Button
              type="primary"
              onClick={() => {
                setSaved(null);
                reset();
              }}
              data-testid="receipt-close"
            >
              {t('clinic:cashier.nextOrder')}
            </Button>
          </Space>
        }
      >
        {saved && <Receipt order={saved.order} clinicName={user?.org.name ?? ''} customerName={saved.customerName} cashier={user?.display_name ?? ''} printedAt={saved.at} />}
      </Modal>
    </Row>
  );
}
