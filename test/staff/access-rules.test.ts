import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';
import { IS_PUBLIC, ROLES } from '../../apps/engine/src/auth/access.decorators';

/**
 * Every route of every area states who may call it (@Public, @Roles, @AnyUser). The guard
 * refuses a route without one anyway (403); this lists them so they are fixed, not discovered.
 */
describe.each(testDatabases().slice(0, 1))('access rules of all routes on $name', (db) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await startTestEngine(db);
  });
  afterAll(() => e.close());

  it('finds an access decorator on every controller route', () => {
    const routes: string[] = [];
    const missing: string[] = [];
    const rules: string[] = [];
    for (const mod of e.app.get(ModulesContainer).values()) {
      for (const wrapper of mod.controllers.values()) {
        const cls = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
        if (!cls) continue;
        const base = [Reflect.getMetadata(PATH_METADATA, cls)].flat()[0] ?? '';
        for (const name of Object.getOwnPropertyNames(cls.prototype)) {
          const handler = Object.getOwnPropertyDescriptor(cls.prototype, name)?.value;
          if (
            name === 'constructor' ||
            typeof handler !== 'function' ||
            Reflect.getMetadata(METHOD_METADATA, handler) === undefined
          )
            continue;
          const route = `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler)]} /${[base, [Reflect.getMetadata(PATH_METADATA, handler)].flat()[0]].filter((p) => p && p !== '/').join('/')} (${cls.name}.${name})`;
          routes.push(route);
          const rule = [handler, cls]
            .map((t) =>
              Reflect.getMetadata(IS_PUBLIC, t) ? 'public' : Reflect.getMetadata(ROLES, t)?.join('|'),
            )
            .find(Boolean);
          if (!rule) missing.push(route);
          else rules.push(`${route.padEnd(80)} ${rule}`);
        }
      }
    }
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContain('GET /api/tasks/today (TasksController.today)');
    if (process.env.SHOW_ROUTES) console.log(rules.sort().join('\n'));
    expect(missing).toEqual([]);
  });
});
