import { describe, expect, it } from 'vitest';
import { completeDocument, operationIdOf, type OpenApiDocument } from './openapi.ts';

// What a module's new API route gets without asking: the parts `redocly lint` requires.

describe('operationIdOf', () => {
  it('is the method and the path in camel case, /api/v1 left out, parameters as By<Name>', () => {
    expect(operationIdOf('get', '/api/v1/agencies/{code}')).toBe('getAgenciesByCode');
    expect(operationIdOf('post', '/api/v1/tasks/{id}/done')).toBe('postTasksByIdDone');
    expect(operationIdOf('post', '/api/dvcqg/SynsTTHCC/DongBoHoSoMC')).toBe('postDvcqgSynsTTHCCDongBoHoSoMC');
    expect(operationIdOf('get', '/vxp/count-receive_edoc')).toBe('getVxpCountReceiveEdoc');
  });
});

describe('completeDocument', () => {
  const served = (_method: string, url: string) => url === '/api/legacy';
  const complete = (paths: OpenApiDocument['paths']) => completeDocument({ openapi: '3.1.0', paths }, { egovSession: { type: 'apiKey', in: 'cookie', name: 's' } }, served);

  it('a bare route: operationId, public security, the default 4XX with the error envelope', () => {
    const document = complete({ '/api/v1/things': { get: { responses: { 200: { description: 'ok' } } } } });
    const operation = document.paths?.['/api/v1/things']?.get;
    expect(operation?.operationId).toBe('getThings');
    expect(operation?.security).toEqual([]);
    expect(operation?.responses?.['4XX']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
    expect(document.components?.schemas?.ErrorBody).toBeDefined();
    expect(document.components?.securitySchemes).toHaveProperty('egovSession');
  });

  it('a route that answers 401 needs the session; what a route declares is kept', () => {
    const document = complete({
      '/api/v1/mine': { get: { responses: { 200: {}, 401: {} } } },
      '/api/v1/signed': { post: { operationId: 'sendIt', security: [{ egovSignedRequest: [] }], responses: { 200: {}, 400: {} } } },
    });
    expect(document.paths?.['/api/v1/mine']?.get?.security).toEqual([{ egovSession: [] }]);
    expect(document.paths?.['/api/v1/mine']?.get?.responses).not.toHaveProperty('4XX');
    expect(document.paths?.['/api/v1/signed']?.post).toMatchObject({ operationId: 'sendIt', security: [{ egovSignedRequest: [] }] });
    expect(document.components?.schemas).toBeUndefined();
  });

  it('x-egov-always-200 gets no 4XX; a trailing slash goes when the path is served without it', () => {
    const document = complete({
      '/api/legacy/': { post: { 'x-egov-always-200': true, security: [], responses: { 200: {} } } },
      '/api/other/': { get: { responses: { 200: {}, 404: {} } } },
    });
    expect(Object.keys(document.paths ?? {})).toEqual(['/api/legacy', '/api/other/']);
    expect(document.paths?.['/api/legacy']?.post?.responses).toEqual({ 200: {} });
    expect(document.paths?.['/api/legacy']?.post?.operationId).toBe('postLegacy');
  });
});
