#!/usr/bin/env python3
# The median and range of each figure over the runs of RUNS=3 run-benchmark.sh, and each suite's
# medians as results/<suite>-median.json: spread.py requests fanout idle growth

import json,glob,sys,statistics as st,re
import os
root=os.path.join(os.path.dirname(os.path.abspath(__file__)),'results')+'/'
for suite in sys.argv[1:]:
    files=sorted(glob.glob(root+suite+'-[0-9].json'))
    runs=[{d['Scenario']:d for d in json.load(open(f))} for f in files]
    print(f"## {suite} ({len(files)} runs)")
    for sc in runs[0]:
        rows=[r[sc] for r in runs if sc in r]
        def rng(key,fn=lambda d,k:d[k]):
            v=[fn(d,key) for d in rows]
            return f"{st.median(v):.2f} [{min(v):.2f}-{max(v):.2f}]"
        ex=lambda d,k:d['Extra'].get(k,0)
        line=f"{sc:28} /s {rng('PerSecond')}  p50 {rng('P50Ms')}  p99 {rng('P99Ms')}  cpu/call {rng('server_cpu_us_per_call',ex)}"
        for k in ['server_kib_per_idle_stream','server_cpu_ms_per_change','streams_failed']:
            if k in rows[0]['Extra']: line+=f"  {k} {rng(k,ex)}"
        print(line)
    if suite=='requests':
        for num,den,key in [('get-order','reference-health','PerSecond'),('get-order-rate','reference-get-order-rate','P99Ms')]:
            v=[r[num][key]/r[den][key] for r in runs]
            print(f"ratio {num}/{den} {key}: median {st.median(v):.2f} [{min(v):.2f}-{max(v):.2f}]")
    if suite=='growth':
        for a,b in [('get-order-grown','get-order'),('list-orders-grown','list-orders')]:
            v=[r[a]['PerSecond']/r[b]['PerSecond'] for r in runs]
            print(f"ratio {a}/{b}: median {st.median(v):.2f} [{min(v):.2f}-{max(v):.2f}]")

# Each suite's median run as a results file of its own (<suite>-median.json): every figure the
# median of its runs (a ratio target's pair from its median run, below), so that the chart of
# the targets can be drawn from medians.
for suite in sys.argv[1:]:
    files=sorted(glob.glob(root+suite+'-[0-9].json'))
    runs=[json.load(open(f)) for f in files]
    merged=[]
    for first in runs[0]:
        same=[d for r in runs for d in r if d['Scenario']==first['Scenario'] and d.get('Extra',{}).get('orders')==first.get('Extra',{}).get('orders')]
        out=dict(first)
        for key,value in first.items():
            if isinstance(value,(int,float)) and not isinstance(value,bool):
                out[key]=type(value)(st.median([d[key] for d in same]))
        out['Extra']={k:st.median([d['Extra'].get(k,0) for d in same]) for k in first.get('Extra',{})}
        out['Outcomes']=first['Outcomes']
        merged.append(out)
    # A target that is a ratio within one run is drawn from the run whose ratio is the median:
    # the median of the platform's figure over the median of the bare host's may come from
    # different runs, and can miss where every run's own ratio met it (or the other way).
    pairs={'requests':[('get-order','reference-health','PerSecond'),('get-order-rate','reference-get-order-rate','P99Ms')],
           'growth':[('get-order-grown','get-order','PerSecond'),('list-orders-grown','list-orders','PerSecond')]}
    for num,den,key in pairs.get(suite,[]):
        ratios=sorted((next(d for d in r if d['Scenario']==num)[key]/next(d for d in r if d['Scenario']==den)[key],i) for i,r in enumerate(runs))
        middle=runs[ratios[(len(ratios)-1)//2][1]]
        for name in (num,den):
            at=next(i for i,d in enumerate(merged) if d['Scenario']==name)
            merged[at]=next(d for d in middle if d['Scenario']==name)
    json.dump(merged,open(root+suite+'-median.json','w'),indent=2)
