export { LeaderLock, leaderLockHeld, type LeaderLockOptions } from './leader-lock';
