/** A command as the deciders take it: a discriminated `type` and plain JSON `data`. */
export interface Command<Type extends string, Data> {
  type: Type;
  data: Data;
}
