import { BadRequestException, HttpException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { TenantTransactions } from '#lb/database';
import {
  allowancesFrom,
  AppForecast,
  DayTotals,
  forecastApp,
  forecastOrg,
  OrgForecast,
  RollingUsage,
  TenantDriver,
  UsageAllowances,
  XERO_CONNECTOR,
  XeroConnection,
  XeroConnector,
} from '#lb/connectors/xero';

export interface OrgUsageView {
  connectionId: string;
  name: string;
  dayLimit: number;
  rolling: RollingUsage;
  /** Calls left of the rolling day: Xero's own figure when it reported one, else our count's. */
  callsLeft: number;
  days: DayTotals[];
  forecast: OrgForecast;
}

export interface OperatorUsageView {
  date: string;
  app: { calls: number; bytes: number };
  tenants: TenantDriver[];
  forecast: AppForecast;
}

const DAY_MS = 86_400_000;
/** The meter lives in Redis; a request waits this long for it, then answers 503. */
const METER_WAIT_MS = 3_000;

/** A meter read, or a 503 that says the figures are out of reach (never a hung request). */
async function fromMeter<T>(read: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the meter did not answer in time')), METER_WAIT_MS);
  });
  try {
    return await Promise.race([read(), late]);
  } catch (error) {
    if (error instanceof HttpException) throw error;
    throw new ServiceUnavailableException(
      {
        message: 'Xero usage cannot be read just now; try again in a minute.',
        code: 'usage_unavailable',
        expose: true,
      },
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** The Xero cost meter as the customer (their organisations) and the operators (all tenants) see it. */
@Injectable()
export class XeroUsageService {
  private readonly allowances: UsageAllowances;

  constructor(
    @Inject(XERO_CONNECTOR) private readonly xero: XeroConnector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tx: TenantTransactions,
  ) {
    this.allowances = allowancesFrom(config);
  }

  /** The tenant's organisations; another tenant's are invisible (RLS on xero_connections). */
  async forTenant(tenantId: string, days: number): Promise<OrgUsageView[]> {
    const connections = await this.tx.run(tenantId, (m) =>
      m.find(XeroConnection, { select: ['id', 'tenantName'], order: { tenantName: 'ASC' } }),
    );
    const plan = this.allowances.plans[this.allowances.defaultPlan];
    const dayLimit = this.config.XERO_DAY_LIMIT;
    return fromMeter(() =>
      Promise.all(
        connections.map(async (c) => {
          // the forecast needs a week of complete days even when fewer are shown
          const [rolling, history] = await Promise.all([
            this.xero.meter.rolling(c.id),
            this.xero.meter.history(c.id, Math.max(days, 8)),
          ]);
          return {
            connectionId: c.id,
            name: c.tenantName,
            dayLimit,
            rolling,
            callsLeft: rolling.xeroRemaining ?? Math.max(0, dayLimit - rolling.calls),
            days: history.slice(-days),
            forecast: forecastOrg(history, plan),
          };
        }),
      ),
    );
  }

  /** Which tenants drive the app's Xero cost on a UTC day, and the app's egress forecast. */
  async forOperators(date: string | undefined, limit: number, tenantId?: string): Promise<OperatorUsageView> {
    const today = this.xero.meter.today();
    const day = date ?? today;
    if (Date.parse(`${day}T00:00:00Z`) > Date.parse(`${today}T00:00:00Z`)) {
      throw new BadRequestException('date must not be in the future');
    }
    const week = Array.from({ length: 8 }, (_, i) =>
      new Date(Date.parse(`${today}T00:00:00Z`) - (7 - i) * DAY_MS).toISOString().slice(0, 10),
    );
    const [app, tenants, weekTotals] = await fromMeter(() =>
      Promise.all([
        this.xero.meter.appDay(day),
        tenantId ? this.xero.meter.tenantDay(day, tenantId) : this.xero.meter.tenantsDriving(day, limit),
        Promise.all(week.map((d) => this.xero.meter.appDay(d))),
      ]),
    );
    return { date: day, app, tenants, forecast: forecastApp(weekTotals, this.allowances.tier) };
  }
}
