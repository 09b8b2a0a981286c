export * from './i18n.ts';
export { storedTextTranslator } from './stored-text.ts';
