import path from 'node:path';
import type { ModuleDefinition, ModuleRegistration, PlatformContext } from '../../platform/module/index.ts';
import { registerFeedbackConsolePages } from './feedback.console.pages.tsx';
import { DEFAULT_FEEDBACK_SETTINGS, type FeedbackContext, type FeedbackDependencies, type FeedbackSettings } from './feedback.context.ts';
import { FEEDBACK_NAVIGATION, FEEDBACK_PERMISSIONS, FEEDBACK_ROLES } from './feedback.contributions.ts';
import { FEEDBACK_FACTS } from './feedback.facts.ts';
import { registerFeedbackPages } from './feedback.pages.tsx';
import { createRatingsService, type RatingsService } from './feedback.ratings.ts';
import { registerFeedbackApi } from './feedback.routes.ts';
import { seedDemoFeedback } from './feedback.seed.ts';
import { createFeedbackService, type FeedbackService } from './feedback.service.ts';

// The feedback module's only door: feedback and petitions, satisfaction ratings.
export { FEEDBACK_FACTS, FeedbackChanged, RatingRecorded } from './feedback.facts.ts';
export { RATING_QUESTIONS } from './feedback.ratings.ts';
export type { FeedbackDependencies, FeedbackSettings } from './feedback.context.ts';

export interface FeedbackApi {
  submit: FeedbackService['submit'];
  classify: FeedbackService['classify'];
  forward: FeedbackService['forward'];
  accept: FeedbackService['accept'];
  answer: FeedbackService['answer'];
  reject: FeedbackService['reject'];
  publish: FeedbackService['publish'];
  setConsent: FeedbackService['setConsent'];
  queue: FeedbackService['queue'];
  getForOfficial: FeedbackService['getForOfficial'];
  getMine: FeedbackService['getMine'];
  searchPublished: FeedbackService['searchPublished'];
  rate: RatingsService['rate'];
  ratingSummary: RatingsService['summary'];
}

export interface FeedbackModuleOptions {
  /** Time limits and the intake agency (DEFAULT_FEEDBACK_SETTINGS otherwise). */
  settings?: Partial<FeedbackSettings>;
}

export function createFeedbackModule(platform: PlatformContext, deps: FeedbackDependencies, options: FeedbackModuleOptions = {}): { registration: ModuleRegistration; api: FeedbackApi } {
  const ctx: FeedbackContext = { ...deps, db: platform.db, baseUrl: platform.config.baseUrl, contributions: platform.contributions, settings: { ...DEFAULT_FEEDBACK_SETTINGS, ...options.settings } };
  const service = createFeedbackService(ctx);
  const ratings = createRatingsService(ctx);
  const registration: ModuleRegistration = {
    name: 'feedback',
    migrationsDir: path.join(import.meta.dirname, 'migrations'),
    facts: FEEDBACK_FACTS,
    roles: FEEDBACK_ROLES,
    permissions: FEEDBACK_PERMISSIONS,
    navigation: FEEDBACK_NAVIGATION,
    registerRoutes(app) {
      registerFeedbackApi(app, { service, ratings });
      registerFeedbackPages(app, { ctx, service, ratings });
      registerFeedbackConsolePages(app, { ctx, service, ratings });
    },
    seedDemo: (log) => seedDemoFeedback(ctx, log),
  };
  return {
    registration,
    api: {
      submit: service.submit,
      classify: service.classify,
      forward: service.forward,
      accept: service.accept,
      answer: service.answer,
      reject: service.reject,
      publish: service.publish,
      setConsent: service.setConsent,
      queue: service.queue,
      getForOfficial: service.getForOfficial,
      getMine: service.getMine,
      searchPublished: service.searchPublished,
      rate: ratings.rate,
      ratingSummary: ratings.summary,
    },
  };
}

export const feedbackModule: ModuleDefinition<FeedbackDependencies, FeedbackApi, FeedbackModuleOptions> = {
  name: 'feedback',
  needs: ['agencies', 'identity', 'catalog', 'calendar', 'dossiers'],
  create: (ctx, deps, options) => createFeedbackModule(ctx, deps, options),
};
