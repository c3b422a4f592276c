export * from './person.events';
export * from './person.state';
export * from './person.commands';
export { parsePersonProfile, parseInvitePerson, parseUpdatePerson, parseSetAbsence } from './parse-person';
export { decidePerson, decideEmailClaim, decideEmailRelease } from './decide-person';
export { evolvePerson, evolveEmailClaim } from './evolve-person';
