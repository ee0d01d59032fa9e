import type { AppConfig } from '../core/ports';

/**
 * Deployment settings from the environment, the same variables on CloudBase (function environment)
 * and in the emulator (process environment).
 */
export function configFromEnv(env: NodeJS.ProcessEnv, fallbackSecret?: string): AppConfig {
  const secret = env.FUDAO_SECRET || fallbackSecret;
  if (!secret) throw new Error('FUDAO_SECRET is not set: configure it in the function environment');
  return {
    secret,
    adminOpenids: new Set((env.FUDAO_ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    noticeTemplateId: env.FUDAO_NOTICE_TEMPLATE_ID || 'fudao-notice-template',
    meetingTemplateId: env.FUDAO_MEETING_TEMPLATE_ID || 'fudao-meeting-template',
  };
}
