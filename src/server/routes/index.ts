// Every API route, in the order the OpenAPI document lists them. A route not
// in this list does not exist; a route in it is documented.
import type { AnyRoute } from '../route.js';
import { arenaRoutes } from './arena.js';
import { authRoutes } from './auth.js';
import { providerRoutes } from './providers.js';
import { reportRoutes } from './reports.js';
import { resultRoutes } from './results.js';
import { runRoutes } from './runs.js';
import { safetyRoutes } from './safety.js';
import { scorecardRoutes } from './scorecard.js';
import { userRoutes } from './users.js';

export const ROUTES: readonly AnyRoute[] = [...authRoutes, ...userRoutes, ...runRoutes, ...resultRoutes, ...reportRoutes, ...scorecardRoutes, ...providerRoutes, ...safetyRoutes, ...arenaRoutes];
