import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function ForbiddenPage() {
  const { t } = useTranslation(['exception', 'common']);
  return (
    <div data-testid="page-403">
      <Result
        status="403"
        title={t('exception:403.title')}
        subTitle={t('exception:403.subtitle')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common:action.backHome')}</Button>
          </Link>
        }
      />
    </div>
  );
}
