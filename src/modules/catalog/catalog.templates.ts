import { appendAuditInTx } from '../../platform/audit/index.ts';
import type { Db } from '../../platform/db/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { Actor } from '../../platform/module/index.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { managerOf } from './catalog.policy.ts';
import type { CatalogService } from './catalog.service.ts';
import * as templates from './templates.repository.ts';

export type { TemplateFile } from './templates.repository.ts';

/** A form template is a few pages; a scanned one stays under this. */
export const TEMPLATE_MAX_BYTES = 5 * 1024 * 1024;

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The kinds of file a form template may be, by extension: the type served and how its bytes begin. */
const TEMPLATE_KINDS: Record<string, { contentType: string; magic: Buffer; ooxml?: true }> = {
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: ZIP, ooxml: true },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: ZIP, ooxml: true },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', magic: ZIP },
  doc: { contentType: 'application/msword', magic: OLE },
  xls: { contentType: 'application/vnd.ms-excel', magic: OLE },
  pdf: { contentType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1') },
};

/**
 * What the file's bytes say it is, for its name's extension; undefined when they disagree or
 * when an Office file carries macros (a vbaProject part: a form never needs one). Entry names
 * of a zip are stored uncompressed in its headers, so they are seen in the bytes.
 */
export function templateContentType(fileName: string, bytes: Buffer): string | undefined {
  const kind = TEMPLATE_KINDS[fileName.split('.').pop()?.toLowerCase() ?? ''];
  if (!kind || !bytes.subarray(0, kind.magic.length).equals(kind.magic)) return undefined;
  if (kind.magic === ZIP && bytes.includes('vbaProject', 0, 'latin1')) return undefined;
  if (kind.ooxml && !bytes.includes('[Content_Types].xml', 0, 'latin1')) return undefined;
  return kind.contentType;
}

/**
 * The procedures' form templates (mẫu đơn, tờ khai): an official who manages the procedure
 * uploads the file behind a component's template name; anyone downloads it from the
 * procedure's public page while the procedure is published.
 */
export function createTemplateService(db: Db, files: FileStore, catalog: Pick<CatalogService, 'getForAdmin' | 'findPublished'>) {
  return {
    /** The templates a procedure has files for, by name. */
    async listOf(procedureCode: string): Promise<templates.TemplateFile[]> {
      return templates.listTemplates(db, procedureCode);
    },

    async upload(actor: Actor | undefined, procedureCode: string, fileName: string, bytes: Buffer): Promise<templates.TemplateFile> {
      const { accountId } = managerOf(actor);
      // Authorises (the procedure is in the official's scope) and finds the names it uses.
      const view = await catalog.getForAdmin(actor, procedureCode);
      const named = new Set(view.versions.flatMap((v) => v.document.components.flatMap((c) => (c.templateFile ? [c.templateFile] : []))));
      if (!named.has(fileName)) throw CatalogErrors.templateNotNamed(fileName);
      if (bytes.length === 0) throw CatalogErrors.templateMissing();
      if (bytes.length > TEMPLATE_MAX_BYTES) throw CatalogErrors.templateTooLarge(TEMPLATE_MAX_BYTES);
      const contentType = templateContentType(fileName, bytes);
      if (!contentType) throw CatalogErrors.templateTypeMismatch(fileName);
      const stored = await files.put(bytes, { maxBytes: TEMPLATE_MAX_BYTES });
      const template = { procedureCode, fileName, sha256: stored.sha256, size: stored.size, contentType, uploadedBy: accountId };
      await db.transaction().execute(async (tx) => {
        await templates.saveTemplateInTx(tx, template);
        await appendAuditInTx(tx, { actor: accountId, action: 'procedure.template_uploaded', entityType: 'procedure', entityId: procedureCode, data: { fileName, sha256: stored.sha256, size: stored.size } });
      });
      return (await templates.findTemplate(db, procedureCode, fileName)) as templates.TemplateFile;
    },

    /** A published procedure's template file, or not found. */
    async download(procedureCode: string, fileName: string): Promise<{ template: templates.TemplateFile; bytes: Buffer }> {
      const published = await catalog.findPublished(procedureCode);
      const template = published ? await templates.findTemplate(db, published.code, fileName) : undefined;
      if (!template) throw CatalogErrors.templateNotFound(fileName);
      return { template, bytes: await files.read(template.sha256) };
    },
  };
}

export type TemplateService = ReturnType<typeof createTemplateService>;
