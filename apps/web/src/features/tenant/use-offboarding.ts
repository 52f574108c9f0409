import { useMutation } from '@tanstack/react-query';
import type { TenantDeletion } from '../../api/types';
import { apiSend } from '../../lib/api-client';

export function useDeleteTenant() {
  return useMutation({
    mutationFn: (confirmName: string) => apiSend<TenantDeletion>('DELETE', '/api/tenant', { confirmName }),
  });
}
