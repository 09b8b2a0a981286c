export * from './i18n.ts';
export { storedTextTranslator } from './stored-text.ts';
export { plural, pluralCategory } from './plural.ts';
