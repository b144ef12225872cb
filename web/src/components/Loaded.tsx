import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { Async } from '../useAsync';

/** Loading text, the error (as text), or the content. */
export function Loaded<T>({ value, children }: { value: Async<T>; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (value.state === 'loading') return <p className="loading">{t('loading')}</p>;
  if (value.state === 'error')
    return (
      <p className="error" role="alert">
        {t('error', { message: value.error.message })}
      </p>
    );
  return <>{children(value.data)}</>;
}
