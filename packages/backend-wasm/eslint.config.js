import base from '@nabla/eslint-config';

// assembly/ is AssemblyScript (decorators on functions, i32/f32 types): compiled by asc, not linted.
export default [...base, { ignores: ['assembly/**', 'src/generated/**'] }];
