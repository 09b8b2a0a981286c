export * from './i18n.ts';
export { plural, pluralCategory } from './plural.ts';
