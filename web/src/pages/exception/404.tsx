import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation(['exception', 'common']);
  return (
    <div data-testid="page-404">
      <Result
        status="404"
        title={t('exception:404.title')}
        subTitle={t('exception:404.subtitle')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common:action.backHome')}</Button>
          </Link>
        }
      />
    </div>
  );
}
