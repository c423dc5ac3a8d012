import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export interface TemplateContent {
  subject: string;
  html: string;
  text: string;
}

export interface DefaultTemplate extends TemplateContent {
  key: string;
  channel: 'email' | 'sms' | 'task';
  locale: string;
}

/** config/templates, in the source tree and next to the build (scripts/copy-assets.js). */
export const DEFAULT_TEMPLATES_DIR = path.resolve(__dirname, '../../../../config/templates');

/**
 * The shipped templates: one YAML file per template key (= rule kind), holding
 * `<locale>: { email: { subject, html, text }, sms: { text }, task: { title, reason, talking_points } }`
 * (a task template stores its title as subject, its reason as html, its talking points as text).
 */
export function loadDefaultTemplates(dir = DEFAULT_TEMPLATES_DIR): DefaultTemplate[] {
  if (!fs.existsSync(dir)) return [];
  const out: DefaultTemplate[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()) {
    const key = path.basename(file, '.yml');
    const doc = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<
      string,
      Record<string, Partial<TemplateContent>>
    >;
    for (const [locale, channels] of Object.entries(doc ?? {})) {
      for (const channel of ['email', 'sms'] as const) {
        const t = channels?.[channel];
        if (!t) continue;
        out.push({
          key,
          channel,
          locale,
          subject: (t.subject ?? '').trim(),
          html: t.html ?? '',
          text: t.text ?? '',
        });
      }
      const task = (channels as Record<string, Record<string, string> | undefined>)?.task;
      if (task)
        out.push({
          key,
          channel: 'task',
          locale,
          subject: (task.title ?? '').trim(),
          html: (task.reason ?? '').trim(),
          text: (task.talking_points ?? '').trim(),
        });
    }
  }
  return out;
}
