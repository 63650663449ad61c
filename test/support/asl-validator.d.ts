declare module 'asl-validator' {
  interface AslValidation {
    isValid: boolean;
    errors: { 'Error code': string; Message: string; path?: string }[];
  }
  export default function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidation;
}
