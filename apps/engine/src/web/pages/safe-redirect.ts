/** Only same-site paths are followed after sign-in or a language switch (no open redirects). */
export function safeLocalPath(target: unknown, fallback: string): string {
  if (
    typeof target !== 'string' ||
    !target.startsWith('/') ||
    target.startsWith('//') ||
    target.startsWith('/\\')
  )
    return fallback;
  return target;
}

export function homeFor(role: string | undefined): string {
  return role === 'owner' ? '/overview' : '/today';
}
