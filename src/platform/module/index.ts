export type * from './module.ts';
export * from './actor.ts';
export { ContributionRegistry, type ContributionSource, type Contributions, type LocalizedText, type NavigationLink, type NavigationPlace, type PermissionGrants, type RoleDefinition } from './contributions.ts';
export { cliActor, UsageError } from './cli.ts';
