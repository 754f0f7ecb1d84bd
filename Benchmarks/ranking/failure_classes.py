#!/usr/bin/env python3
"""Failure classes over judged sets (session 9, issue 12): for every judged-relevant offer outside a
consultation's top 10, why it is there, read from its score components (error_analysis.py rows):
a derived penalty (decoded from the derived component and the weights file), no shared word,
ordering among ranks 11-30 or below 30, or not returned; and the count of grade-0 offers in top 5s.

    python3 Benchmarks/ranking/failure_classes.py NAME=ROWS.json=QRELS ... [--detail]

ROWS.json from `error_analysis.py NAME DB PROFILES QRELS TODAY ROWS.json`.
"""
import sys
import json,itertools,collections
import os
W=json.load(open(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),'Catalog','analysis','ranking-weights.json')))['weights']
bits=[('match',W['applicantMatchWeight']),('likelyNot',-W['applicantMismatchPenalty']),('serves',-W['servesOthersPenalty']),
 ('open',W['topicOpenWeight']),('narrow',-W['narrowCallPenalty']),('secmatch',W['sectorMatchWeight']),('othersec',-W['otherSectorPenalty']),('research',-W['researchMismatchPenalty']),
 ('finopen',W.get('financingOpenWeight',0.0)),('purpose',-W.get('otherPurposePenalty',0.0))]
pat={}
for p in range(1 << len(bits)):
    v=sum(w for i,(n,w) in enumerate(bits) if p>>i&1); pat.setdefault(round(v,3),[]).append(p)
def decode(v):
    ps=pat.get(round(v,3),[])
    if not ps: return ['?']
    p=min(ps,key=lambda p:bin(p).count('1'))
    return [n for i,(n,w) in enumerate(bits) if p>>i&1]
def qrels(p):
    q=collections.defaultdict(dict)
    for l in open(p):
        a,_,o,g=l.split(); q[a][o]=int(g)
    return q
sets={a.split('=')[0]:tuple(a.split('=')[1:3]) for a in sys.argv[1:] if '=' in a}
cnt=collections.Counter(); top5=collections.Counter(); det=collections.defaultdict(list)
for s,(rows,qp) in sets.items():
    R=json.load(open(rows)); Q=qrels(qp)
    for pid,rs in R.items():
        by={r['id']:r for r in rs}
        for o,g in Q[pid].items():
            r=by.get(o)
            if r is None: c='not returned (stated criterion fails)'
            elif r['rank']<=10: continue
            else:
                sc=r['score']; flags=decode(sc['derived'])
                neg=[f for f in flags if f in('likelyNot','serves','narrow','othersec','research')]
                if neg: c='derived penalty: '+'+'.join(neg)
                elif sc['text']==0: c='no shared word (vocabulary gap)'
                elif r['rank']<=30: c='ordering, rank 11-30'
                else: c='ordering, rank >30 (weak text/topic evidence)'
            cnt[(s,c,g)]+=1; det[c].append((s,pid,g,r['rank'] if r else None,(r or {}).get('title',o)[:60]))
        for r in rs[:5]:
            if r['grade']==0:
                flags=decode(r['score']['derived'])
                top5[(s,'top5 grade 0')]+=1; det['top5'].append((s,pid,r['rank'],r['title'][:60],r['terms'][:5],flags))
classes=sorted({c for (_,c,_) in cnt})
print('| class | '+' | '.join(f'{s} g{g}' for s in sets for g in (3,2,1))+' | total |')
for c in classes:
    row=[cnt[(s,c,g)] for s in sets for g in(3,2,1)]
    print(f'| {c} | '+' | '.join(map(str,row))+f' | {sum(row)} |')
print(top5)
if '--detail' in sys.argv:
    for c in det:
        print('\n##',c)
        for x in det[c]: print('  ',x)
