// The profile part of the 360 page: every field of the customer record as the server sent it (sensitive
// fields masked for roles without unmask, e.g. 138****5678), labelled from the catalog.
import { Descriptions, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RecordRow } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { useAuth } from '../../../auth/AuthContext';
import { formatDateTime } from '../../../components/format';
import { displayValue } from '../../../forms/display';
import { inputKind, isMasked } from '../../../forms/fieldKinds';
import { staffName, useStaff } from '../shared/useStaff';

const hidden = new Set(['name']);

export default function Profile({ entity, customer, referrerName }: { entity: Entity | null; customer: RecordRow; referrerName?: string }) {
  const { t, i18n } = useTranslation(['clinic', 'records']);
  const { user } = useAuth();
  const { staff } = useStaff();
  const fields = (entity?.fields ?? []).filter((f) => !f.retired && !hidden.has(f.name) && inputKind(f.type) !== 'files');
  const relationLabels: Record<string, Record<number, string>> =
    referrerName && typeof customer.referrer === 'number' ? { referrer: { [customer.referrer]: referrerName } } : {};
  const ctx = {
    english: i18n.language === 'en-US',
    yes: t('records:value.yes'),
    no: t('records:value.no'),
    relationLabels,
    formatDateTime: (iso: string) => formatDateTime(iso, user?.org.time_zone, i18n.language),
  };
  // Without the catalog (still loading, or not readable) the phone still shows: the front desk needs it.
  const items = entity
    ? fields.map((f) => {
        const value = customer[f.name];
        const text = f.type === 'user' ? staffName(staff, value) : displayValue(f, value, ctx);
        return {
          key: f.name,
          label: f.label,
          children: (
            <span data-testid={`profile-${f.name}`}>
              {text}
              {isMasked(f, value) && (
                <Tag style={{ marginLeft: 6 }} bordered={false}>
                  {t('clinic:profile.masked')}
                </Tag>
              )}
            </span>
          ),
        };
      })
    : [{ key: 'phone', label: t('clinic:customer.phone'), children: <span data-testid="profile-phone">{String(customer.phone ?? '')}</span> }];
  return <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} data-testid="customer-profile" />;
}
