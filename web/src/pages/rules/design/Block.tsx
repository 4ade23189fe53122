// One of the designer's three blocks (当…时 / 如果… / 那么…) with the problem found in it, if any.
import type { ReactNode } from 'react';
import { Alert, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Problem } from './useRuleDesigner';

/** The text of a problem: ours by key under rules:problem, or the server's message. */
export function useProblemText(): (problem: Problem | undefined) => string | null {
  const { t } = useTranslation('rules');
  return (problem) => {
    if (!problem) return null;
    return problem.message ?? t(`problem.${problem.key}` as 'problem.fix', { defaultValue: problem.key });
  };
}

export function ProblemAlert({ problem, testId }: { problem: Problem | undefined; testId: string }) {
  const text = useProblemText()(problem);
  if (!text) return null;
  return <Alert type="error" showIcon message={text} style={{ marginBottom: 12 }} data-testid={testId} />;
}

export default function Block({ title, problem, testId, extra, children }: {
  title: ReactNode;
  problem: Problem | undefined;
  testId: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      title={title}
      extra={extra}
      style={{ marginBottom: 16, borderColor: problem ? '#ff4d4f' : undefined }}
      data-testid={testId}
    >
      <ProblemAlert problem={problem} testId={`${testId}-problem`} />
      {children}
    </Card>
  );
}
