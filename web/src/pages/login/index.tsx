import { useState } from 'react';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import * as api from '../../api/endpoints';
import { useAuth } from '../../auth/AuthContext';
import type { LoginLocationState } from '../../auth/AuthContext';
import LanguageSwitch from '../../components/LanguageSwitch';
import { errorMessage } from '../../components/formErrors';
import styles from './login.module.css';

interface LoginForm {
  username: string;
  password: string;
}

function returnPath(state: unknown): string {
  const from = (state as LoginLocationState | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && from !== '/login' ? from : '/';
}

export default function LoginPage() {
  const { t } = useTranslation(['login', 'common']);
  const { status, signIn } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const target = returnPath(location.state);

  if (status === 'signedIn') return <Navigate to={target} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      signIn(await api.login({ username: values.username.trim(), password: values.password }));
      void message.success(t('login:success'));
      navigate(target, { replace: true });
    } catch (caught) {
      setError(errorMessage(caught));
      setSubmitting(false);
    }
  };

  return (
    <div className={styles.page}>
      <div className={styles.language}>
        <LanguageSwitch />
      </div>
      <Card className={styles.card}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('common:appName')}
          </Typography.Title>
        </div>
        <Typography.Paragraph type="secondary" className={styles.subtitle}>
          {t('login:subtitle')}
        </Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon message={error} className={styles.error} data-testid="login-error" />
        )}
        <Form<LoginForm> name="login" layout="vertical" size="large" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item
            label={t('login:username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login:usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            label={t('login:password')}
            name="password"
            rules={[{ required: true, message: t('login:passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login:submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
