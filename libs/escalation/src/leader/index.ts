export { LeaderLock, type LeaderLockOptions } from './leader-lock';
