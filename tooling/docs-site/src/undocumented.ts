/**
 * Which public members the API reference shows without documentation: every class, interface,
 * function, variable, type, enum, property, method and accessor of the converted project whose
 * declaration (or one of its signatures) has no TSDoc comment. Left out, because their comment is
 * elsewhere: members inherited from a documented base, parameters' inline types, and the inferred
 * types of constants (an op table's entries are documented on the table).
 */
import { DeclarationReflection, ReflectionKind, ReflectionType, type ProjectReflection, type Reflection } from 'typedoc';

const REQUIRED = ReflectionKind.Class | ReflectionKind.Interface | ReflectionKind.Function | ReflectionKind.Variable
  | ReflectionKind.TypeAlias | ReflectionKind.Enum | ReflectionKind.EnumMember | ReflectionKind.Property
  | ReflectionKind.Method | ReflectionKind.Accessor;

function insideSkippedContext(ref: Reflection): boolean {
  for (let parent = ref.parent; parent; parent = parent.parent) {
    if (parent.kindOf(ReflectionKind.Parameter) || parent.kindOf(ReflectionKind.Variable)) return true;
  }
  return false;
}

function documented(ref: DeclarationReflection): boolean {
  if (ref.hasComment()) return true;
  const signatures = [...(ref.signatures ?? []), ...(ref.getSignature ? [ref.getSignature] : []), ...(ref.setSignature ? [ref.setSignature] : [])];
  if (ref.type instanceof ReflectionType) signatures.push(...(ref.type.declaration.signatures ?? []));
  return signatures.some((s) => s.hasComment());
}

/** Full names (`@nabla/optim.Optimizer.lr`) of the undocumented public members, sorted. */
export function undocumentedMembers(project: ProjectReflection): string[] {
  const names = new Set<string>();
  for (const ref of project.getReflectionsByKind(REQUIRED)) {
    if (!(ref instanceof DeclarationReflection) || ref.inheritedFrom || insideSkippedContext(ref)) continue;
    if (!documented(ref)) names.add(ref.getFullName());
  }
  return [...names].sort();
}
