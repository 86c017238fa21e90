import gzip, json, sys, glob, os
want_en = {"Corporation":"mgmt-corporation","Enzyme":"bio-enzyme","Battle of Bosworth Field":"hist-bosworth","Environmental law":"policy-environmental-law"}
want_tech = {"Artificial intelligence":"ai-artificial-intelligence","Artificial neural network":"ai-neural-network","Central processing unit":"hw-cpu","Nvidia":"org-nvidia"}
out = {}
def take(title, text, name, url):
    paras = [p for p in text.split("\n\n") if p.strip()]
    sel=[]; n=0
    for p in paras:
        w=len(p.split())
        if n + w > 1250 and n >= 600: break
        sel.append(p); n+=w
        if n >= 900: break
    out[name]=(title,url,"\n\n".join(sel)+"\n",n)
for f in sorted(glob.glob("/work/shared/data/corpus-wikipedia-en/wiki-*.jsonl.gz")):
    for l in gzip.open(f,"rt"):
        d=json.loads(l)
        if d["title"] in want_en: take(d["title"],d["text"],want_en[d["title"]],d["url"])
for l in gzip.open("/work/shared/data/corpus-wikipedia-tech/tech-articles.jsonl.gz","rt"):
    d=json.loads(l)
    if d["title"] in want_tech: take(d["title"],d["text"],want_tech[d["title"]],d["url"])
for name,(t,u,txt,n) in sorted(out.items()):
    open(name+".txt","w").write(txt); print(name,t,u,n)
