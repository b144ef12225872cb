// Global set-up of the `postgres` test project: start and end with no test
// schemas left in the database (a killed earlier run may have left some).
import type { TestProject } from 'vitest/node';
import { dropTestSchemas } from './test-db.js';

export default async function setup(project: TestProject) {
  const url = project.config.env?.HENG_TEST_DB;
  if (typeof url !== 'string') throw new Error('the postgres test project needs env HENG_TEST_DB (a postgres:// URL)');
  await dropTestSchemas(url);
  return async () => {
    await dropTestSchemas(url);
  };
}
