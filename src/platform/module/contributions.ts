import type { Locale } from '../i18n/index.ts';
import type { Actor } from './actor.ts';

/**
 * What modules contribute to the whole application, collected from their registrations at
 * start: navigation links, roles and what each role may do. Nobody hard-codes another
 * module's menu entry or role; identity shows the menus it is given.
 */

/** A text in each language of the portal. */
export type LocalizedText = Readonly<Record<Locale, string>>;

/** Where a link appears: the banner of a signed-in person, the officials' console, the admin page. */
export type NavigationPlace = 'main' | 'console' | 'admin';

export interface NavigationLink {
  place: NavigationPlace;
  href: string;
  label: LocalizedText;
  /** A sentence under the label where links are shown as cards (the admin page). */
  description?: LocalizedText;
  /** Who sees it. The use case behind it authorises again: hiding a link is no protection. */
  visibleTo(actor: Actor, may: (permission: string) => boolean): boolean;
  /** Lower first; default 100. */
  order?: number;
}

/** A role an agency administrator may give an official. Its name is unique in the application. */
export interface RoleDefinition {
  name: string;
  label: LocalizedText;
  /** What the role does, shown where roles are given. */
  description?: LocalizedText;
}

/**
 * Which roles hold a permission of the module: `{ 'exchange.send': ['clerk', 'leader'] }`.
 * Permission names start with the module's name; roles may be any module's.
 */
export type PermissionGrants = Readonly<Record<string, readonly string[]>>;

export interface ContributionSource {
  name: string;
  navigation?: readonly NavigationLink[];
  roles?: readonly RoleDefinition[];
  permissions?: PermissionGrants;
}

/** The collected contributions, as use cases and pages read them. */
export interface Contributions {
  /** The links of one place this actor may see, in order, translated. */
  navigation(place: NavigationPlace, actor: Actor, locale: Locale): { href: string; label: string; description?: string }[];
  roles(): readonly RoleDefinition[];
  isRole(name: string): boolean;
  /** The role's label, or its name when no module declares it (a role removed since it was given). */
  roleLabel(name: string, locale: Locale): string;
  /** True when one of the actor's roles holds the permission. */
  may(actor: Actor | undefined, permission: string): boolean;
}

/**
 * A registry filled once, by the composition root, after every module is created: modules
 * receive it at creation (in their PlatformContext) and read it while serving.
 */
export class ContributionRegistry implements Contributions {
  #links: (NavigationLink & { module: string })[] = [];
  #roles = new Map<string, RoleDefinition & { module: string }>();
  #grants = new Map<string, Set<string>>();
  #filled = false;

  /**
   * `complete`: every module of the application is among the sources, so a permission
   * granted to a role no module declares is a wiring mistake. A test composition holds a few
   * modules; a grant to a role of an absent module is then left out.
   */
  fill(sources: readonly ContributionSource[], options: { complete: boolean } = { complete: true }): void {
    if (this.#filled) throw new Error('contributions are collected once, at start');
    for (const source of sources) {
      for (const role of source.roles ?? []) {
        const owner = this.#roles.get(role.name);
        if (owner) throw new Error(`role "${role.name}" is declared by two modules (${owner.module} and ${source.name})`);
        this.#roles.set(role.name, { ...role, module: source.name });
      }
      for (const link of source.navigation ?? []) this.#links.push({ ...link, module: source.name });
    }
    for (const source of sources) {
      for (const [permission, roles] of Object.entries(source.permissions ?? {})) {
        if (!permission.startsWith(`${source.name}.`)) throw new Error(`permission "${permission}" of ${source.name} must start with "${source.name}."`);
        if (this.#grants.has(permission)) throw new Error(`permission "${permission}" is granted twice`);
        const unknown = roles.filter((role) => !this.#roles.has(role));
        if (unknown.length > 0 && options.complete) throw new Error(`permission "${permission}" of ${source.name} names the unknown role "${unknown[0]}"`);
        this.#grants.set(permission, new Set(roles.filter((role) => this.#roles.has(role))));
      }
    }
    this.#links.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
    this.#filled = true;
  }

  navigation(place: NavigationPlace, actor: Actor, locale: Locale): { href: string; label: string; description?: string }[] {
    this.#assertFilled();
    const may = (permission: string) => this.may(actor, permission);
    return this.#links
      .filter((l) => l.place === place && l.visibleTo(actor, may))
      .map((l) => ({ href: l.href, label: l.label[locale], ...(l.description ? { description: l.description[locale] } : {}) }));
  }

  roles(): readonly RoleDefinition[] {
    this.#assertFilled();
    return [...this.#roles.values()];
  }

  isRole(name: string): boolean {
    this.#assertFilled();
    return this.#roles.has(name);
  }

  roleLabel(name: string, locale: Locale): string {
    return this.#roles.get(name)?.label[locale] ?? name;
  }

  may(actor: Actor | undefined, permission: string): boolean {
    this.#assertFilled();
    const holders = this.#grants.get(permission);
    if (!holders) throw new Error(`no module grants the permission "${permission}"`);
    return actor?.kind === 'official' && actor.roles.some((role) => holders.has(role));
  }

  #assertFilled(): void {
    if (!this.#filled) throw new Error('contributions are read before the composition root collected them');
  }
}
