import { DomainError } from '../shared/domain-error';
import { parseCoordinators } from './parse-coordinators';

describe('parseCoordinators', () => {
  it('keeps each address once, in the order given', () => {
    expect(parseCoordinators({ emails: ['vpcp@vpcp.example.org', 'tt@vpcp.example.org', 'vpcp@vpcp.example.org'] })).toEqual({
      emails: ['vpcp@vpcp.example.org', 'tt@vpcp.example.org'],
    });
  });

  it('names every address at fault, and a list that is not one', () => {
    const fields = (input: unknown) => {
      try {
        parseCoordinators(input);
      } catch (error) {
        return (error as DomainError).details.map((d) => d.field);
      }
      return [];
    };
    expect(fields({ emails: ['ok@vpcp.example.org', 'x', ''] })).toEqual(['emails[1]', 'emails[2]']);
    expect(fields({ emails: 'vpcp@vpcp.example.org' })).toEqual(['emails']);
    expect(fields([])).toEqual(['body']);
  });
});
