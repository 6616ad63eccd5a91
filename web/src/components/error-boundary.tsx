import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorBanner } from './error-banner';

/** Anything thrown, as an Error (a component may throw a string or an object). */
export function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  try {
    return new Error(JSON.stringify(thrown) ?? String(thrown));
  } catch {
    return new Error(String(thrown));
  }
}

interface State {
  error: Error | null;
  /** Bumped by Retry, so the page mounts afresh instead of reusing the state that broke it. */
  attempt: number;
}

/**
 * Catches a render error in the page so the shell (sidebar, top bar) stays usable: the error's message
 * and a Retry button take the page's place. The app keys it by the path, so navigating away resets it.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(thrown: unknown): Partial<State> {
    return { error: asError(thrown) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // The console has no error reporting of its own: the browser console is where a developer looks.
    console.error('Page crashed', error, info.componentStack);
  }

  private retry = () => this.setState((state) => ({ error: null, attempt: state.attempt + 1 }));

  override render() {
    if (this.state.error) return <PageCrashed error={this.state.error} onRetry={this.retry} />;
    return <PageFrame key={this.state.attempt}>{this.props.children}</PageFrame>;
  }
}

function PageFrame({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

function PageCrashed({ error, onRetry }: { error: Error; onRetry(): void }) {
  const { t } = useI18n();
  return (
    <div data-testid="page-crashed">
      <ErrorBanner error={new Error(t('common.pageCrashed', { message: error.message }))} onRetry={onRetry} />
    </div>
  );
}
