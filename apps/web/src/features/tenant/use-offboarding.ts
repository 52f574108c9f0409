import { useMutation } from '@tanstack/react-query';
import { apiSend } from '../../lib/api-client';

export function useDeleteTenant() {
  return useMutation({
    mutationFn: (confirmName: string) => apiSend<{ purgeAfter: string }>('DELETE', '/api/tenant', { confirmName }),
  });
}
