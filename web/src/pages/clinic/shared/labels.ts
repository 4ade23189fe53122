// Typed keys of the clinic's choice labels (positions, payment methods, lead stages, card kinds …), so
// t() stays type-checked while the key comes from data.
import type { TFunction } from 'i18next';
import type { CardKind, LineKind, PaymentMethod } from '../../../api/clinic';

const positions = ['manager', 'front_desk', 'consultant', 'doctor', 'nurse', 'technician', 'finance', 'marketing'] as const;
type Position = (typeof positions)[number];

export function positionLabel(t: TFunction<'clinic'>, position: string | null): string {
  if (!position) return '';
  return (positions as readonly string[]).includes(position) ? t(`position.${position as Position}`) : position;
}

export const paymentMethods: PaymentMethod[] = ['wechat', 'cash', 'alipay', 'bank_card', 'stored_value'];

export const methodLabel = (t: TFunction<'clinic'>, method: PaymentMethod) => t(`method.${method}`);

export const lineKindLabel = (t: TFunction<'clinic'>, kind: LineKind) => t(`lineKind.${kind}`);

export const cardKindLabel = (t: TFunction<'clinic'>, kind: CardKind) => t(`cardKind.${kind}`);

const cardStatuses = ['active', 'frozen', 'used_up', 'expired', 'refunded', 'transferred'] as const;
type CardStatus = (typeof cardStatuses)[number];

export function cardStatusLabel(t: TFunction<'clinic'>, status: string): string {
  return (cardStatuses as readonly string[]).includes(status) ? t(`cardStatus.${status as CardStatus}`) : status;
}
